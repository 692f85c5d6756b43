/**
 * `<gs-predict>`: brings a `<Predict>` to life. The build wrote the question and, in a closed `<details>`, the
 * answer; this element swaps the `<details>` for a form where the reader commits a prediction, keeps it in
 * localStorage (by page and id), and reveals the answer beside the prediction, with how close it came, when the
 * reader presses "Show the answer" or runs the playground named by `data-for`. Nothing here blocks the page: the
 * example and the text below stay usable whether or not the reader predicts.
 */
import { PLAYGROUND_RUN_EVENT } from '../../playground/client/events.ts';
import {
  compareChoice,
  compareNumber,
  compareRange,
  parseNumber,
  showNumber,
  type Verdict,
} from './prediction.ts';

/** A committed prediction, as stored (numbers as strings: JSON has no ∞). */
type Prediction =
  | { readonly kind: 'number'; readonly value: string }
  | { readonly kind: 'range'; readonly low: string; readonly high: string }
  | { readonly kind: 'choice'; readonly choice: string };

interface Saved {
  readonly prediction: Prediction | null;
  readonly revealed: boolean;
}

let storage: Storage | undefined;
try {
  storage = window.localStorage;
} catch {
  storage = undefined;
}

/**
 * The storage key of prediction `id` on the page at `pathname`.
 *
 * @example
 * predictionKey('/lessons/deep-linear-network/', 'overflow'); // 'gradscope:predict:/lessons/deep-linear-network#overflow'
 */
export function predictionKey(pathname: string, id: string): string {
  return `gradscope:predict:${pathname.replace(/\/+$/, '') || '/'}#${id}`;
}

class GradscopePredict extends HTMLElement {
  #connected = false;
  #key = '';
  #saved: Saved = { prediction: null, revealed: false };

  connectedCallback(): void {
    if (this.#connected) return;
    this.#connected = true;
    this.#key = predictionKey(location.pathname, this.dataset.id ?? '');
    // The answer's <details> is for readers without JavaScript; its explanation moves to the reveal.
    const explanation = this.#part('explanation');
    if (explanation) this.#part('explanation-slot')?.replaceWith(explanation);
    this.#part('static')!.hidden = true;
    this.#part('nojs')!.hidden = true;

    this.#part('form')!.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#lock();
    });
    for (const button of this.querySelectorAll<HTMLButtonElement>('[data-action="reveal"]')) {
      button.addEventListener('click', () => this.#reveal(true));
    }
    this.#button('change').addEventListener('click', () => {
      this.#save({ prediction: this.#saved.prediction, revealed: false }, 'open');
      this.#firstInput()?.focus();
    });
    this.#button('forget').addEventListener('click', () => {
      this.#save({ prediction: null, revealed: false }, 'open');
      this.#firstInput()?.focus();
    });
    const target = this.dataset.for;
    if (target) {
      document.addEventListener(PLAYGROUND_RUN_EVENT, (event) => {
        if ((event.target as HTMLElement | null)?.dataset?.id === target) this.#reveal(false);
      });
    }

    this.#saved = this.#read();
    this.#fill(this.#saved.prediction);
    this.#show(this.#saved.revealed ? 'revealed' : this.#saved.prediction ? 'locked' : 'open');
  }

  #part(role: string): HTMLElement | null {
    return this.querySelector(`[data-role="${role}"]`);
  }

  #button(action: string): HTMLButtonElement {
    return this.querySelector(`[data-action="${action}"]`) as HTMLButtonElement;
  }

  #firstInput(): HTMLInputElement | null {
    return this.#part('form')!.querySelector('input');
  }

  #input(name: string): HTMLInputElement {
    return this.querySelector(`input[name="${name}"]`) as HTMLInputElement;
  }

  get #kind(): Prediction['kind'] {
    const kind = this.dataset.kind;
    return kind === 'range' || kind === 'choice' ? kind : 'number';
  }

  #read(): Saved {
    try {
      const value = JSON.parse(storage?.getItem(this.#key) ?? 'null') as Partial<Saved> | null;
      const prediction = value?.prediction;
      const valid =
        prediction?.kind === this.#kind &&
        (prediction.kind !== 'choice' || this.#options().includes(prediction.choice));
      return { prediction: valid ? prediction : null, revealed: value?.revealed === true };
    } catch {
      return { prediction: null, revealed: false };
    }
  }

  #save(saved: Saved, view: 'open' | 'locked' | 'revealed'): void {
    this.#saved = saved;
    try {
      if (saved.prediction === null && !saved.revealed) storage?.removeItem(this.#key);
      else storage?.setItem(this.#key, JSON.stringify(saved));
    } catch {
      // Storage refused (private mode, quota): the prediction lasts until the reader leaves the page.
    }
    this.#fill(saved.prediction);
    this.#show(view);
  }

  #options(): string[] {
    return Array.from(this.querySelectorAll<HTMLInputElement>('input[type="radio"]'), (input) => input.value);
  }

  /** Puts a stored prediction back into the form. */
  #fill(prediction: Prediction | null): void {
    if (prediction?.kind === 'number') this.#input('value').value = prediction.value;
    else if (prediction?.kind === 'range') {
      this.#input('low').value = prediction.low;
      this.#input('high').value = prediction.high;
    } else {
      for (const radio of this.querySelectorAll<HTMLInputElement>('input[type="radio"]')) {
        radio.checked = prediction?.kind === 'choice' && radio.value === prediction.choice;
      }
      if (!prediction)
        for (const input of this.#part('form')!.querySelectorAll('input:not([type="radio"])'))
          (input as HTMLInputElement).value = '';
    }
  }

  /** The prediction in the form, or the reason it cannot be read (an empty form reads as no prediction). */
  #fromForm(): { prediction: Prediction | null; error?: string; field?: HTMLInputElement } {
    switch (this.#kind) {
      case 'number': {
        const field = this.#input('value');
        if (field.value.trim() === '') return { prediction: null };
        const parsed = parseNumber(field.value);
        return parsed.ok
          ? { prediction: { kind: 'number', value: String(parsed.value) } }
          : { prediction: null, error: parsed.message, field };
      }
      case 'range': {
        const low = this.#input('low');
        const high = this.#input('high');
        if (low.value.trim() === '' && high.value.trim() === '') return { prediction: null };
        const a = parseNumber(low.value);
        if (!a.ok) return { prediction: null, error: `From: ${a.message}`, field: low };
        const b = parseNumber(high.value);
        if (!b.ok) return { prediction: null, error: `To: ${b.message}`, field: high };
        if (a.value > b.value)
          return {
            prediction: null,
            error: 'The first number of a range must not be larger than the second.',
            field: high,
          };
        return { prediction: { kind: 'range', low: String(a.value), high: String(b.value) } };
      }
      case 'choice': {
        const checked = this.querySelector<HTMLInputElement>('input[type="radio"]:checked');
        return { prediction: checked ? { kind: 'choice', choice: checked.value } : null };
      }
    }
  }

  #setError(message: string | undefined, field?: HTMLInputElement): void {
    const error = this.#part('error')!;
    error.hidden = !message;
    error.textContent = message ?? '';
    for (const input of this.#part('form')!.querySelectorAll('input')) input.removeAttribute('aria-invalid');
    if (message && field) {
      field.setAttribute('aria-invalid', 'true');
      field.focus();
    }
  }

  #lock(): void {
    const { prediction, error, field } = this.#fromForm();
    if (error) return this.#setError(error, field);
    if (!prediction) {
      return this.#setError(
        this.#kind === 'choice' ? 'Choose one of the answers first.' : 'Write your prediction first.',
        this.#kind === 'choice' ? undefined : (this.#firstInput() ?? undefined),
      );
    }
    this.#setError(undefined);
    this.#save({ prediction, revealed: false }, 'locked');
    this.#button('change').focus();
  }

  /** Shows the answer beside the prediction. A prediction typed but not locked in still counts: it came first. */
  #reveal(fromButton: boolean): void {
    if (this.#saved.revealed) return;
    let prediction = this.#saved.prediction;
    if (!prediction) {
      const typed = this.#fromForm();
      prediction = typed.error ? null : typed.prediction;
    }
    this.#setError(undefined);
    this.#save({ prediction, revealed: true }, 'revealed');
    if (fromButton) this.#part('result')!.focus();
    else
      this.#part('announce')!.textContent =
        `Your prediction, compared above the example: ${this.#part('verdict')!.textContent}`;
  }

  #show(view: 'open' | 'locked' | 'revealed'): void {
    this.#part('form')!.hidden = view !== 'open';
    this.#part('locked')!.hidden = view !== 'locked';
    this.#part('result')!.hidden = view !== 'revealed';
    this.dataset.state = view;
    const prediction = this.#saved.prediction;
    if (view === 'locked' && prediction) this.#part('locked-value')!.textContent = this.#describe(prediction);
    if (view === 'revealed') {
      this.#part('prediction')!.textContent = prediction ? this.#describe(prediction) : 'None';
      const verdict = prediction
        ? this.#verdict(prediction)
        : { closeness: 'miss', text: 'You did not commit a prediction this time.' };
      const line = this.#part('verdict')!;
      line.textContent = verdict.text;
      line.dataset.closeness = prediction ? verdict.closeness : 'none';
    }
  }

  #describe(prediction: Prediction): string {
    const unit = this.dataset.unit || undefined;
    const digits = Number(this.dataset.digits) || 4;
    switch (prediction.kind) {
      case 'number':
        return showNumber(Number(prediction.value), unit, digits);
      case 'range':
        return `from ${showNumber(Number(prediction.low), undefined, digits)} to ${showNumber(Number(prediction.high), unit, digits)}`;
      case 'choice':
        return prediction.choice;
    }
  }

  #verdict(prediction: Prediction): Verdict {
    const answer = this.dataset.answer ?? '';
    switch (prediction.kind) {
      case 'number':
        return compareNumber(Number(prediction.value), Number(answer), this.dataset.unit || undefined);
      case 'range':
        return compareRange(Number(prediction.low), Number(prediction.high), Number(answer));
      case 'choice':
        return compareChoice(prediction.choice, answer);
    }
  }
}

if (!customElements.get('gs-predict')) customElements.define('gs-predict', GradscopePredict);
