/**
 * `<gs-exercise>`: around an exercise's playground (which edits, saves and runs the code, then the check), keeps
 * whether the reader has solved it (localStorage, by page and name), says so when a Check passes or names what to
 * look at when it fails, and offers "Start over": the starter code back (the playground's Undo still brings the
 * reader's version back) and the solved mark cleared.
 */
import { PLAYGROUND_RUN_EVENT, type PlaygroundRunDetail } from '../../playground/client/events.ts';

let storage: Storage | undefined;
try {
  storage = window.localStorage;
} catch {
  storage = undefined;
}

/**
 * The storage key of exercise `name` on the page at `pathname`.
 *
 * @example
 * exerciseKey('/lessons/initialisation/', 'he-std'); // 'gradscope:exercise:/lessons/initialisation#he-std'
 */
export function exerciseKey(pathname: string, name: string): string {
  return `gradscope:exercise:${pathname.replace(/\/+$/, '') || '/'}#${name}`;
}

class GradscopeExercise extends HTMLElement {
  #connected = false;
  #key = '';

  connectedCallback(): void {
    if (this.#connected) return;
    this.#connected = true;
    this.#key = exerciseKey(location.pathname, this.dataset.name ?? '');
    this.#part('nojs')!.hidden = true;
    this.#part('actions')!.hidden = false;
    this.#showSolved(this.#readSolved());

    this.addEventListener(PLAYGROUND_RUN_EVENT, (event) => {
      const { ok, phase } = (event as CustomEvent<PlaygroundRunDetail>).detail;
      if (ok) {
        this.#writeSolved(true);
        this.#setStatus('Solved: every case passes. Your code is saved in this browser.', true);
      } else if (phase === 'check') {
        this.#setStatus('Not yet: the table shows each case, and the message below it the first that fails.');
      } else if (phase === 'stopped' || phase === 'timeout') {
        this.#setStatus('The check did not finish.');
      } else {
        this.#setStatus('Your code stopped with an error before the check could finish; the line is marked.');
      }
    });
    this.querySelector('[data-action="start-over"]')!.addEventListener('click', () => {
      const playground = this.querySelector('gs-playground') as (HTMLElement & { reset(): void }) | null;
      playground?.reset();
      this.#writeSolved(false);
      this.#setStatus('Back to the starter code. The playground’s Undo brings your version back.');
    });
  }

  #part(role: string): HTMLElement | null {
    return this.querySelector(
      `:scope > .exercise-box > [data-role="${role}"], .exercise-head > [data-role="${role}"]`,
    );
  }

  #setStatus(text: string, solved = false): void {
    const status = this.#part('status')!;
    status.textContent = text;
    status.toggleAttribute('data-solved', solved);
  }

  #readSolved(): boolean {
    try {
      return JSON.parse(storage?.getItem(this.#key) ?? 'null')?.solved === true;
    } catch {
      return false;
    }
  }

  #writeSolved(solved: boolean): void {
    try {
      if (solved) storage?.setItem(this.#key, JSON.stringify({ solved: true, at: Date.now() }));
      else storage?.removeItem(this.#key);
    } catch {
      // Storage refused: the solved mark lasts until the reader leaves the page.
    }
    this.#showSolved(solved);
  }

  #showSolved(solved: boolean): void {
    this.#part('solved')!.hidden = !solved;
  }
}

if (!customElements.get('gs-exercise')) customElements.define('gs-exercise', GradscopeExercise);
