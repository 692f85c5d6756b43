/** One step of dynamic loss scaling: skip-and-halve on an overflow, double after growthInterval finite steps. */
export function nextLossScale(
  scale: number,
  cleanSteps: number,
  finite: boolean,
  growthInterval: number,
): [number, number] {
  if (!finite) return [scale / 2, 0];
  if (cleanSteps + 1 === growthInterval) return [scale * 2, 0];
  return [scale, cleanSteps + 1];
}
