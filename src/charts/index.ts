/**
 * @gradscope/charts: pure functions from engine results to Observable Plot options, shared by the lessons'
 * build-time figures, the live playgrounds and the landing page. Render with `renderChart(options, document)`
 * or hand the options to `display(…)` in a playground. This file only re-exports.
 */
export * from './depth-profile.js';
export * from './theory-vs-measured.js';
export * from './training-curve.js';
export * from './histogram.js';
export * from './heatmap.js';
export * from './training-heatmap.js';
export * from './matrix-action.js';
export * from './monte-carlo.js';
export * from './depth-band.js';
export * from './regions.js';
export * from './depth-panels.js';
export * from './render.js';
export { hideLegendSwatches } from './legend.js';
export * from './off-scale.js';
export * from './series.js';
export * from './meaning.js';
export * from './format.js';
export * from './theme.js';
export * from './phase-diagram.js';
export * from './layer-step-heatmap.js';
export * from './curve.js';
export * from './regime-map.js';
export * from './forward-backward.js';
