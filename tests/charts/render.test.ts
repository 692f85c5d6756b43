import * as Plot from '@observablehq/plot';
import { describe, expect, test } from 'vitest';

import { depthProfileChart, renderChart, renderChartHtml } from '@gradscope/charts';
import { buildDocument, render } from './render-for-test.ts';

const chart = depthProfileChart({
  title: 'Activation norm',
  subtitle: 'k = 1.5',
  caption: 'The lecture network.',
  quantity: '‖a[l]‖',
  labels: 'legend',
  series: [
    { label: 'k = 1.5', values: [1.5, 2.25] },
    { label: 'k = 0.5', values: [0.5, 0.25] },
  ],
});

describe('renderChart', () => {
  test('puts the title in a paragraph, never a heading that would enter the page outline', () => {
    const figure = render(chart);
    expect(figure.querySelectorAll('h1, h2, h3, h4, h5, h6')).toHaveLength(0);
    expect(figure.querySelector('p.gs-chart-title')?.textContent).toBe('Activation norm');
    expect(figure.querySelector('p.gs-chart-subtitle')?.textContent).toBe('k = 1.5');
    expect(figure.querySelector('figcaption')?.textContent).toBe('The lecture network.');
  });

  test('gives the chart one accessible image with a name and a description', () => {
    const svg = render(chart).querySelector('svg[role="img"]');
    expect(svg?.getAttribute('aria-label')).toBe('Activation norm');
    expect(svg?.querySelector('desc')?.textContent).toBe(chart.ariaDescription);
  });

  test('leaves no ARIA label inside the image (axe: prohibited on presentational children)', () => {
    const svg = render(chart).querySelector('svg[role="img"]')!;
    expect(svg.querySelectorAll('[aria-label], [aria-description]')).toHaveLength(0);
    expect(svg.querySelectorAll('[data-mark="line"]').length).toBeGreaterThan(0);
  });

  test('keeps legends, before the chart', () => {
    const figure = render(chart);
    const children = Array.from(figure.children).map((c) => c.tagName.toLowerCase());
    expect(children.at(-2)).toBe('svg');
    expect(figure.querySelector('.plot-d6a7b5-swatches')).not.toBeNull();
  });

  test('makes the legend swatches decorative, so the chart is announced once and each series by its text', () => {
    const figure = render(chart);
    expect(figure.querySelectorAll('svg[role="img"]')).toHaveLength(1);
    const swatches = Array.from(figure.querySelectorAll('[class*="-swatch"] > svg'));
    expect(swatches).toHaveLength(2);
    for (const swatch of swatches) {
      expect(swatch.getAttribute('aria-hidden')).toBe('true');
      expect(swatch.hasAttribute('aria-label')).toBe(false);
    }
    expect(figure.querySelector('.plot-d6a7b5-swatches')?.textContent).toContain('k = 0.5');
  });

  test('renderChartHtml is the figure markup', () => {
    const html = renderChartHtml(chart, buildDocument());
    expect(html.startsWith('<figure class="gs-chart">')).toBe(true);
    expect(html).toBe(renderChart(chart, buildDocument()).outerHTML);
  });

  test('gives clip paths ids of their own, so two charts built separately on one page do not clip by each other', () => {
    const clipped = (values: number[]) => ({
      ariaLabel: 'clipped',
      ariaDescription: 'a clipped line',
      marks: [Plot.lineY(values, { clip: true })],
    });
    const first = render(clipped([1, 2, 3]));
    const second = render(clipped([3, 2, 1]));
    const idOf = (figure: HTMLElement) => figure.querySelector('clipPath')!.getAttribute('id')!;
    // Plot numbers clip paths per document: both would be plot-clip-1 without the suffix.
    expect(idOf(first)).toMatch(/^plot-clip-\d+-[0-9a-z]+$/);
    expect(idOf(first)).not.toBe(idOf(second));
    for (const figure of [first, second]) {
      const users = Array.from(figure.querySelectorAll('[clip-path]'));
      expect(users.length).toBeGreaterThan(0);
      for (const user of users) expect(user.getAttribute('clip-path')).toBe(`url(#${idOf(figure)})`);
    }
    // The same chart gets the same ids: pages stay byte-identical between builds.
    expect(idOf(render(clipped([1, 2, 3])))).toBe(idOf(first));
  });
});
