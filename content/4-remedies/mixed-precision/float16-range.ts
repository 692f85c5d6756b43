// The limits of each 16-bit format, as the engine's floatFormat reports them, and what storing a value past them
// gives (roundTo: round to nearest, ties to even, subnormals kept; a '-ftz' dtype would flush them to 0).
import { floatFormat, roundTo } from '@gradscope/core';

const formats = ['float32', 'float16', 'bfloat16'] as const;

display(
  formats.map((format) => {
    const f = floatFormat(format);
    return {
      format,
      'significand bits': f.precision,
      'largest finite': f.max,
      'smallest normal': f.minNormal,
      'smallest subnormal': f.minSubnormal,
      'log2 range': `${Math.log2(f.minSubnormal)} … ${Math.log2(f.max).toFixed(3)}`,
    };
  }),
);

// Store a few values in float16: past the largest becomes Infinity, below half the smallest subnormal becomes 0.
const probes = [65504, 70000, 2 ** -14, 2 ** -24, 2 ** -26, 1e-4];
display(
  probes.map((x) => ({
    x,
    float16: roundTo('float16', x),
    'float16-ftz': roundTo('float16-ftz', x),
    bfloat16: roundTo('bfloat16', x),
  })),
);
