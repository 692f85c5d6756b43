// Two ways to cap a gradient g = (3, 0.4) at c = 1. Norm clipping rescales the whole vector,
// g·min(1, c/‖g‖); value clipping moves each entry into [−c, c] on its own. Compare the lengths
// and the directions (the angle with the first axis) of what comes out.
import { clipByNorm, clipByValue, vectorNorm } from '@gradscope/core';

const g = [3, 0.4];
const c = 1;

const byNorm = clipByNorm(g, c).vector;
const byValue = clipByValue(g, c).vector;

const angle = (v: ArrayLike<number>) => (Math.atan2(v[1], v[0]) * 180) / Math.PI; // degrees
const row = (name: string, v: ArrayLike<number>) => ({
  gradient: name,
  'entry 1': v[0],
  'entry 2': v[1],
  length: vectorNorm(v),
  'angle (degrees)': angle(v),
});

display([row('g', g), row('clipped by norm', byNorm), row('clipped by value', byValue)]);
