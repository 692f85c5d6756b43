/**
 * The settings form and the state, kept in step: every control is a native input named after its field (so the
 * keyboard, screen readers and phones know them), a slider beside a number moves with it, and every change
 * reports the whole state at once. Numbers are clamped into range when the reader leaves the field, not while
 * typing (a half-typed "0." is not an error); meanwhile the clamped value is what is computed.
 */
import { BOOLEAN_FIELDS, CHOICES, NORM_PLACES, NUMBER_FIELDS, readState, type LabState } from '../state.ts';

type Field = keyof LabState;

/** The settings form of the page. */
export class Controls {
  private readonly form: HTMLFormElement;

  /**
   * @param form the form whose controls are named after the state's fields.
   * @param onChange called with the new state after every change.
   */
  constructor(
    form: HTMLFormElement,
    private readonly onChange: (state: LabState) => void,
  ) {
    this.form = form;
    form.addEventListener('submit', (event) => event.preventDefault());
    form.addEventListener('input', (event) => this.handle(event.target, false));
    form.addEventListener('change', (event) => this.handle(event.target, true));
    form.addEventListener('click', (event) => {
      const button = (event.target as Element).closest<HTMLButtonElement>('[data-preset]');
      if (!button) return;
      this.input(button.dataset.preset as Field).value = button.dataset.value!;
      this.handle(this.input(button.dataset.preset as Field), true);
    });
  }

  /** Writes a state into every control. */
  set(state: LabState): void {
    for (const key of Object.keys(state) as Field[]) {
      const input = this.input(key);
      if (!input) continue;
      if (input instanceof HTMLInputElement && input.type === 'checkbox')
        input.checked = state[key] as boolean;
      else input.value = String(state[key]);
      this.syncRange(key, state[key] as number);
    }
    this.reflect(state);
  }

  /** The state the controls show (numbers clamped, names checked). */
  read(): LabState {
    const raw: Record<string, unknown> = {};
    for (const key of [
      ...Object.keys(NUMBER_FIELDS),
      ...Object.keys(CHOICES),
      ...BOOLEAN_FIELDS,
    ] as Field[]) {
      const input = this.input(key);
      if (!input) continue;
      raw[key] = input instanceof HTMLInputElement && input.type === 'checkbox' ? input.checked : input.value;
    }
    // A field left empty or half-typed keeps its last value instead of complaining.
    const { state } = readState(
      Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== '' && v !== '-' && v !== '.')),
      this.last ?? undefined,
    );
    return state;
  }

  private last: LabState | null = null;

  private handle(target: EventTarget | null, committed: boolean): void {
    if (!(target instanceof HTMLInputElement || target instanceof HTMLSelectElement)) return;
    const rangeFor = target.dataset.rangeFor as Field | undefined;
    if (rangeFor) {
      const log = target.dataset.log;
      const value = log ? Math.round(Number(log) ** Number(target.value)) : Number(target.value);
      this.input(rangeFor).value = String(value);
    }
    const state = this.read();
    this.last = state;
    const name = (rangeFor ?? target.name) as Field;
    if (committed && name in NUMBER_FIELDS) this.input(name).value = String(state[name]);
    if (!rangeFor && name in NUMBER_FIELDS) this.syncRange(name, state[name] as number);
    this.reflect(state);
    this.onChange(state);
  }

  /** Enables only the controls that matter for this state, and names the normalization's places for it. */
  private reflect(state: LabState): void {
    this.last = state;
    this.enable('biasVariance', state.bias);
    this.enable('branchScale', state.residual);
    this.enable('normPlace', state.norm !== 'none');
    const place = this.input('normPlace') as HTMLSelectElement;
    for (const option of Array.from(place.options)) {
      const words = NORM_PLACES[option.value as 'pre' | 'post'];
      option.textContent = `${option.value}: ${state.residual ? words.residual : words.plain}`;
    }
  }

  private enable(key: Field, on: boolean): void {
    this.input(key).disabled = !on;
    const range = this.form.querySelector<HTMLInputElement>(`[data-range-for="${key}"]`);
    if (range) range.disabled = !on;
  }

  private syncRange(key: Field, value: number): void {
    const range = this.form.querySelector<HTMLInputElement>(`[data-range-for="${key}"]`);
    if (!range) return;
    const log = range.dataset.log;
    range.value = String(log ? Math.log(value) / Math.log(Number(log)) : value);
  }

  private input(key: Field): HTMLInputElement | HTMLSelectElement {
    return this.form.elements.namedItem(key) as HTMLInputElement | HTMLSelectElement;
  }
}
