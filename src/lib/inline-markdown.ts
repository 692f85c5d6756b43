/**
 * A lesson's `summary` and `question` are frontmatter text, but a short answer often needs a formula
 * ("grows like $1.5^L$") or emphasis. They are written as inline Markdown with `$…$` math, rendered to HTML with
 * KaTeX for pages, and flattened to plain text for meta descriptions and social cards.
 */
import { createMarkdownProcessor, type MarkdownRenderer } from '@astrojs/markdown-remark';
import rehypeKatex from 'rehype-katex';
import remarkMath from 'remark-math';

let renderer: Promise<MarkdownRenderer> | undefined;

/**
 * Inline Markdown (with `$…$` math) → HTML without the wrapping paragraph.
 *
 * @example
 * await inlineMarkdownToHtml('Grows like $1.5^L$.'); // 'Grows like <span class="katex">…</span>.'
 */
export async function inlineMarkdownToHtml(markdown: string): Promise<string> {
  renderer ??= createMarkdownProcessor({
    remarkPlugins: [remarkMath],
    rehypePlugins: [[rehypeKatex, { output: 'htmlAndMathml' }]],
    syntaxHighlight: false,
  });
  const { code } = await (await renderer).render(markdown);
  return code
    .trim()
    .replace(/^<p>([\s\S]*)<\/p>$/, '$1')
    .trim();
}

// A few TeX commands that read well as Unicode in a plain-text preview.
const TEX_SYMBOLS: Record<string, string> = {
  cdot: '·',
  cdots: '⋯',
  ldots: '…',
  dots: '…',
  times: '×',
  to: '→',
  rightarrow: '→',
  approx: '≈',
  le: '≤',
  leq: '≤',
  ge: '≥',
  geq: '≥',
  ne: '≠',
  neq: '≠',
  infty: '∞',
  ell: 'ℓ',
  sigma: 'σ',
  delta: 'δ',
  lambda: 'λ',
  alpha: 'α',
  beta: 'β',
  gamma: 'γ',
  eta: 'η',
  theta: 'θ',
  partial: '∂',
  sum: 'Σ',
  prod: 'Π',
  odot: '⊙',
  top: 'ᵀ',
  Vert: '‖',
  lVert: '‖',
  rVert: '‖',
  lvert: '|',
  rvert: '|',
  quad: ' ',
};

const SUPERSCRIPTS: Record<string, string> = Object.fromEntries(
  [...'0123456789+-−()niLlTkabcdefghjmoprstuvwxyzABDEGHIJKMNOPRUVW'].map((character, index) => [
    character,
    [...'⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁽⁾ⁿⁱᴸˡᵀᵏᵃᵇᶜᵈᵉᶠᵍʰʲᵐᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴹᴺᴼᴾᴿᵁⱽᵂ'][index],
  ]),
);
const SUBSCRIPTS: Record<string, string> = Object.fromEntries(
  [...'0123456789+-−()aeoxhklmnpstijruv'].map((character, index) => [
    character,
    [...'₀₁₂₃₄₅₆₇₈₉₊₋₋₍₎ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼᵣᵤᵥ'][index],
  ]),
);

const TAKES_ARGUMENTS = new Set(['frac', 'tfrac', 'dfrac', 'hat', 'widehat']);

function fraction(numerator: string, denominator: string): string {
  return numerator === '1' && denominator === '2' ? '½' : `${numerator}/${denominator}`;
}

/** `^{2L}` → `²ᴸ` when every character has a Unicode superscript (or subscript for `_`); else left as TeX. */
function scripts(tex: string): string {
  return tex.replace(
    /([\^_])(?:\{([^{}]*)\}|([0-9A-Za-z]))/g,
    (match, mark: string, group?: string, single?: string) => {
      const body = group ?? single ?? '';
      const table = mark === '^' ? SUPERSCRIPTS : SUBSCRIPTS;
      const mapped = [...body].map((character) => table[character]);
      return body !== '' && mapped.every(Boolean) ? mapped.join('') : match;
    },
  );
}

/**
 * Inline Markdown → plain text for `<meta name="description">` and social cards: no markup, math as readable
 * Unicode where it can be (`$1.5^L$` → `1.5ᴸ`, `\cdot` → `·`) and TeX where it cannot (`W^{[l]}` → `W^[l]`).
 *
 * @example
 * markdownToPlainText('It grows like **$1.5^L$**.'); // 'It grows like 1.5ᴸ.'
 */
export function markdownToPlainText(markdown: string): string {
  return (
    markdown
      .replace(/\$\$?([^$]+)\$\$?/g, (_match, tex: string) =>
        scripts(tex)
          .replace(/\\(?:mathrm|mathbf|mathit|text|operatorname)\{([^{}]*)\}/g, '$1')
          // Fractions and hats take arguments: they are rewritten below, once the symbols around them are.
          .replace(/\\([A-Za-z]+)/g, (command, name: string) =>
            TAKES_ARGUMENTS.has(name) ? command : (TEX_SYMBOLS[name] ?? command.slice(1)),
          )
          // ½ and a/b for fractions, ŷ (a combining circumflex) for hats.
          .replace(/\\[dt]?frac\s*(?:\{([^{}]*)\}|(\w))\s*(?:\{([^{}]*)\}|(\w))/g, (_m, a, a1, b, b1) =>
            fraction(a ?? a1, b ?? b1),
          )
          .replace(/\\(?:hat|widehat)\s*(?:\{(\w)\}|(\w))/g, (_m, braced, bare) => `${braced ?? bare}\u0302`)
          .replace(/\{([^{}]*)\}/g, '$1')
          .replace(/\\,|\\;|\\!/g, ' ')
          .replace(/\s*([·×→≈≤≥≠⊙⋯])\s*/g, '$1')
          // x^\top: the command became ᵀ after the caret was left alone.
          .replace(/\^ᵀ/g, 'ᵀ'),
      )
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      // Emphasis markers only at word edges, so TeX subscripts such as W_1 survive.
      .replace(/(?<!\w)(\*\*|__)(?=\S)(.+?)(?<=\S)\1(?!\w)/g, '$2')
      .replace(/(?<!\w)(\*|_)(?=\S)(.+?)(?<=\S)\1(?!\w)/g, '$2')
      .replace(/`([^`]*)`/g, '$1')
      .replace(/\s+/g, ' ')
      .trim()
      // The page sets the same text with typographic quotes (Astro's smartypants); the description matches it.
      .replace(/(?<=\w)'|'(?=\w)(?<!\w')/g, (quote, offset: number, text: string) =>
        /\w/.test(text[offset - 1] ?? '') ? '\u2019' : '\u2018',
      )
      .replace(/"([^"]*)"/g, '\u201c$1\u201d')
      // y + combining circumflex → the single character ŷ that search engines and fonts expect.
      .normalize('NFC')
  );
}
