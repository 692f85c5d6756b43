/**
 * What `<Predict>` does with a reader's prediction, as pure functions: read a number the way people write one
 * (`3,325`, `1e38`, `3.4 × 10^38`, `2^128`, `10³⁸`, `∞`), and say how close it came to the result: the ratio or
 * the orders of magnitude for a number, inside or outside for a range, right or wrong for a choice.
 */
import { formatNumber } from '../../charts/format.ts';

/** A number the reader typed, or why it could not be read. */
export type ParsedNumber =
  { readonly ok: true; readonly value: number } | { readonly ok: false; readonly message: string };

/** How close a prediction came: `hit` (right, or within 10 %), `near` (within a factor of 10) or `miss`. */
export interface Verdict {
  readonly closeness: 'hit' | 'near' | 'miss';
  readonly text: string;
}

const NUMBER = String.raw`\d+(?:\.\d*)?|\.\d+`;
const SUPERSCRIPTS: Record<string, string> = {
  '⁰': '0',
  '¹': '1',
  '²': '2',
  '³': '3',
  '⁴': '4',
  '⁵': '5',
  '⁶': '6',
  '⁷': '7',
  '⁸': '8',
  '⁹': '9',
  '⁻': '-',
  '⁺': '+',
};
const EXAMPLES = 'like 3325, 3.4e38, 3.4 × 10^38, 2^128 or ∞';

/**
 * Reads a number as people write one. Thousands separators (commas, spaces) are dropped; `×`, `x`, `*` or `·`
 * before a power are multiplication; `^`, `**` and superscript digits are powers; `∞` and `inf` are infinity.
 *
 * @example
 * parseNumber('3.4 × 10^38'); // { ok: true, value: 3.4e38 }
 * parseNumber('2^10'); // { ok: true, value: 1024 }
 */
export function parseNumber(text: string): ParsedNumber {
  let s = text
    .trim()
    .toLowerCase()
    .replace(/^(about|approximately|≈|~)\s*/, '')
    .replace(/[−–]/g, '-')
    .replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+/g, (run) => `^${[...run].map((c) => SUPERSCRIPTS[c]).join('')}`)
    .replace(/\*\*/g, '^');
  // Thousands separators: a comma or a space between a digit and exactly three digits.
  s = s.replace(/(\d)[,\s\u00a0\u202f](?=\d{3}(?!\d))/g, '$1');
  s = s.replace(/\s+/g, '').replace(/[×x·]/g, '*');
  if (s === '') return { ok: false, message: `Write a number, ${EXAMPLES}.` };

  const infinity = /^([+-]?)(∞|inf|infinity)$/.exec(s);
  if (infinity) return { ok: true, value: infinity[1] === '-' ? -Infinity : Infinity };
  if (s === 'nan') return { ok: true, value: NaN };

  const plain = new RegExp(`^[+-]?(?:${NUMBER})(?:e[+-]?\\d+)?$`).exec(s);
  if (plain) return { ok: true, value: Number(s) };

  const power = new RegExp(`^([+-]?)(?:(${NUMBER})\\*)?(${NUMBER})\\^([+-]?(?:${NUMBER}))$`).exec(s);
  if (power) {
    const [, sign, mantissa, base, exponent] = power;
    const value = (mantissa === undefined ? 1 : Number(mantissa)) * Number(base) ** Number(exponent);
    return { ok: true, value: sign === '-' ? -value : value };
  }
  return { ok: false, message: `“${text.trim()}” is not a number this page can read: write it ${EXAMPLES}.` };
}

/**
 * A number for display with its unit: `3,325 layers`, `1.9 × 10³⁸`.
 *
 * @example
 * showNumber(220, 'layers'); // '220 layers'
 */
export function showNumber(value: number, unit?: string, digits = 4): string {
  const text = formatNumber(value, digits);
  return unit && Number.isFinite(value) ? `${text}\u00a0${unit}` : text;
}

/**
 * How far `prediction` is from `answer`, in words a learner can act on.
 *
 * @example
 * compareNumber(1e20, 3325).text; // 'About 16.5 orders of magnitude (a factor of 3 × 10¹⁶) too large.'
 */
export function compareNumber(prediction: number, answer: number, unit?: string): Verdict {
  if (Number.isNaN(answer) || Number.isNaN(prediction)) {
    return Number.isNaN(answer) && Number.isNaN(prediction)
      ? { closeness: 'hit', text: 'Right: the result is NaN, not a number at all.' }
      : Number.isNaN(answer)
        ? { closeness: 'miss', text: 'The result is NaN, “not a number”: no number is close to it.' }
        : {
            closeness: 'miss',
            text: `You predicted NaN; the result is the number ${showNumber(answer, unit)}.`,
          };
  }
  if (!Number.isFinite(answer) || !Number.isFinite(prediction)) {
    if (prediction === answer)
      return { closeness: 'hit', text: `Right: the result is ${formatNumber(answer)}.` };
    return !Number.isFinite(answer)
      ? {
          closeness: 'miss',
          text: `The result overflowed to ${formatNumber(answer)}: no finite number is close to it.`,
        }
      : { closeness: 'miss', text: `You predicted ${formatNumber(prediction)}, but the result is finite.` };
  }
  if (answer === 0 || prediction === 0) {
    return prediction === answer
      ? { closeness: 'hit', text: 'Right: exactly 0.' }
      : answer === 0
        ? {
            closeness: 'miss',
            text: 'The result is exactly 0, so no nonzero prediction is a fixed factor away from it.',
          }
        : {
            closeness: 'miss',
            text: `You predicted 0; the result is ${showNumber(answer, unit)}, not zero.`,
          };
  }
  if (Math.sign(prediction) !== Math.sign(answer)) {
    return {
      closeness: 'miss',
      text: `The sign is wrong: the result is ${answer < 0 ? 'negative' : 'positive'} and your prediction is ${prediction < 0 ? 'negative' : 'positive'}.`,
    };
  }
  const ratio = prediction / answer;
  const factor = ratio > 1 ? ratio : 1 / ratio;
  const direction = ratio > 1 ? 'too large' : 'too small';
  const integers = Number.isInteger(prediction) && Number.isInteger(answer);
  const offBy =
    integers && prediction !== answer
      ? ` (off by ${formatNumber(Math.abs(prediction - answer))}${unit ? `\u00a0${unit}` : ''})`
      : '';
  if (factor === 1) return { closeness: 'hit', text: 'Exactly right.' };
  if (factor <= 1.01) return { closeness: 'hit', text: `Spot on: within 1 % of the result${offBy}.` };
  if (factor <= 1.1) {
    const percent = Math.max(1, Math.round(Math.abs(ratio - 1) * 100));
    return { closeness: 'hit', text: `Close: ${percent} % ${direction}${offBy}.` };
  }
  return {
    closeness: factor < 10 ? 'near' : 'miss',
    text: `${capitalise(distance(factor))} ${direction}${offBy}.`,
  };
}

/** "off by a factor of 2.2", or "about 16.5 orders of magnitude" from a factor of 10 on. */
function distance(factor: number): string {
  if (factor < 10) return `off by a factor of ${formatNumber(factor, 2)}:`;
  const orders = Math.log10(factor);
  return `about ${formatNumber(orders, 3)} ${orders < 1.05 ? 'order' : 'orders'} of magnitude (a factor of ${formatNumber(factor, 2)})`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Whether `answer` lies in [low, high], and if not, on which side and how far from the nearer end.
 *
 * @example
 * compareRange(100, 300, 220).text; // 'Inside your range.'
 * compareRange(1, 10, 3325).text;
 * // 'Outside your range: the result is above it, about 2.5 orders of magnitude (a factor of 330) past its upper end.'
 */
export function compareRange(low: number, high: number, answer: number): Verdict {
  if (answer >= low && answer <= high) return { closeness: 'hit', text: 'Inside your range.' };
  if (Number.isNaN(answer)) return { closeness: 'miss', text: 'The result is NaN, so it lies in no range.' };
  const above = answer > high;
  const edge = above ? high : low;
  const side = above ? 'above it' : 'below it';
  const end = above ? 'upper end' : 'lower end';
  if (!Number.isFinite(answer) || edge === 0 || Math.sign(edge) !== Math.sign(answer)) {
    return { closeness: 'miss', text: `Outside your range: the result is ${side}.` };
  }
  const factor = Math.max(answer / edge, edge / answer);
  const how = factor < 10 ? `a factor of ${formatNumber(factor, 2)}` : distance(factor);
  return {
    closeness: factor <= 1.1 ? 'near' : 'miss',
    text: `Outside your range: the result is ${side}, ${how} past its ${end}.`,
  };
}

/**
 * Whether the reader chose the right option.
 *
 * @example
 * compareChoice('It explodes', 'It explodes').closeness; // 'hit'
 */
export function compareChoice(chosen: string, answer: string): Verdict {
  return chosen === answer
    ? { closeness: 'hit', text: 'Right.' }
    : { closeness: 'miss', text: `Not this time: you chose “${chosen}”; the answer is “${answer}”.` };
}
