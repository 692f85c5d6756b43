/**
 * Markup from text: the Lab's tables and sentences are built as HTML strings (the same strings at build time, in
 * the page's static HTML, and in the browser, where they replace it), and every piece of text goes through
 * `escapeHtml` on the way.
 */

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Text made safe to put between tags or in a quoted attribute.
 *
 * @example
 * escapeHtml('a < b & "c"'); // 'a &lt; b &amp; &quot;c&quot;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/**
 * A tagged template that escapes every interpolated value, except values already marked safe with `raw`.
 *
 * @example
 * html`<p>${userText}</p>`; // userText escaped
 * html`<ul>${raw(items.join(''))}</ul>`; // items are markup already
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): string {
  let out = strings[0];
  values.forEach((value, i) => {
    out += value instanceof Raw ? value.markup : escapeHtml(String(value ?? ''));
    out += strings[i + 1];
  });
  return out;
}

class Raw {
  // A field, not a parameter property: the build computes the Lab's figures under Node's type stripping.
  readonly markup: string;
  constructor(markup: string) {
    this.markup = markup;
  }
}

/** Markup to put into `html` as it is. */
export function raw(markup: string): Raw {
  return new Raw(markup);
}
