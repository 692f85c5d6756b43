/**
 * Numbers as a reader should see them in axes, labels and descriptions: `3,325`, `0.000977`, `1.99 × 10³⁸`,
 * `∞`. The exponent form uses Unicode superscripts so it reads the same in SVG text, HTML and a screen reader.
 */

const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

// One formatter for every call: `toLocaleString` builds a new one each time, about 0.1 ms in Chromium, and a
// phase diagram's 400 cell tooltips call this over a thousand times per redraw.
const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 20 });

/**
 * Writes an integer with Unicode superscript digits (and a superscript minus).
 *
 * @example
 * ```ts
 * superscript(-38); // '⁻³⁸'
 * ```
 */
export function superscript(n: number): string {
  const digits = String(Math.abs(Math.trunc(n)))
    .split('')
    .map((d) => SUPERSCRIPT_DIGITS[Number(d)])
    .join('');
  return n < 0 ? `⁻${digits}` : digits;
}

/**
 * A number for a human: grouped digits between 10⁻³ and 10⁶, `m × 10ⁿ` outside, `∞`, `−∞` and `NaN` spelled
 * out. `digits` is the number of significant digits (default 4).
 *
 * @example
 * ```ts
 * formatNumber(3325.256730079651); // '3,325'
 * formatNumber(1.9e38); // '1.9 × 10³⁸'
 * formatNumber(-Infinity); // '−∞'
 * ```
 */
export function formatNumber(x: number, digits = 4): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '−∞';
  if (x === 0) return '0';
  const sign = x < 0 ? '−' : '';
  const magnitude = Math.abs(x);
  if (magnitude >= 1e-3 && magnitude < 1e6) {
    const rounded = Number(magnitude.toPrecision(digits));
    return sign + GROUPED.format(rounded);
  }
  const [mantissa, exponent] = magnitude.toExponential(digits - 1).split('e');
  const trimmed = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
  const power = `10${superscript(Number(exponent))}`;
  // No-break spaces: a line never breaks inside a number.
  return sign + (trimmed === '1' ? power : `${trimmed}\u00a0×\u00a0${power}`);
}

/**
 * Tick labels for a logarithmic axis: powers of ten as `10ⁿ` once they are long to write out (|n| ≥ 4), plain
 * numbers otherwise, and no label on the in-between ticks other than 2 and 5 times a power of ten (the ticks
 * stay, the labels would collide).
 *
 * @example
 * ```ts
 * logTickFormat(1e40); // '10⁴⁰'
 * logTickFormat(300); // ''
 * ```
 */
export function logTickFormat(value: number): string {
  if (!(value > 0) || !Number.isFinite(value)) return formatNumber(value);
  const exponent = Math.floor(Math.log10(value) + 1e-9);
  const mantissa = value / 10 ** exponent;
  const near = (m: number) => Math.abs(mantissa - m) < 1e-6 * m;
  if (near(1)) return Math.abs(exponent) >= 4 ? `10${superscript(exponent)}` : formatNumber(value);
  if ((near(2) || near(5)) && Math.abs(exponent) < 4) return formatNumber(value);
  return '';
}
