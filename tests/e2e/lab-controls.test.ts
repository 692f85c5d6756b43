// The Lab driven from its controls, as a reader does: each change redraws the figures for the new state, the
// diagnosis names what the configuration should produce, and a newer change replaces an older computation.
import { ACTIVATION_NAMES } from '@gradscope/core';
import { describe, expect, it } from 'vitest';

import { useBrowserAndSite } from '../support/fixtures.ts';
import { diagnosisText, generation, openLab, setControl, waitFor } from '../support/lab.ts';

const env = useBrowserAndSite();

/** The accessible name of a chart slot's SVG. */
function chartLabel(page: import('playwright-core').Page, slot: string): Promise<string | null> {
  return page.locator(`[data-slot="${slot}"] svg[role="img"]`).getAttribute('aria-label');
}

describe('the Lab’s controls', () => {
  it('offer every setting of the network, its numbers and its training, over the ranges the Lab promises', async () => {
    const watched = await openLab(env);
    const { page } = watched;
    const controls = page.locator('[data-role="controls"]');
    const options = (name: string) =>
      controls
        .locator(`select[name="${name}"] option`)
        .evaluateAll((all) => all.map((o) => (o as HTMLOptionElement).value));
    // Every activation the engine has, by name.
    expect(await options('activation')).toEqual([...ACTIVATION_NAMES]);
    expect(await options('activation')).toEqual(
      expect.arrayContaining(['identity', 'tanh', 'relu', 'sigmoid', 'gelu', 'selu']),
    );
    expect(await options('init')).toEqual(['normal', 'uniform', 'orthogonal', 'identity']);
    expect(await options('norm')).toEqual(['none', 'batch', 'layer']);
    expect(await options('normPlace')).toEqual(['pre', 'post']);
    expect(await options('dtype')).toEqual([
      'float64',
      'float32',
      'bfloat16',
      'float16',
      'float32-ftz',
      'bfloat16-ftz',
      'float16-ftz',
    ]);
    expect(await options('loss')).toEqual(['mse', 'bce', 'softmaxCrossEntropy']);
    expect(await options('optimizer')).toEqual(['sgd', 'momentum', 'adam']);
    const range = (name: string) =>
      controls
        .locator(`input[name="${name}"]`)
        .evaluate((input) => [(input as HTMLInputElement).min, (input as HTMLInputElement).max]);
    expect(await range('depth')).toEqual(['1', '500']);
    expect(await range('width')).toEqual(['2', '1024']);
    for (const name of [
      'weightVariance',
      'biasVariance',
      'branchScale',
      'batch',
      'seed',
      'learningRate',
      'clip',
      'steps',
    ]) {
      expect(await controls.locator(`input[name="${name}"]`).count(), name).toBe(1);
    }
    for (const name of ['bias', 'residual']) {
      expect(await controls.locator(`input[type="checkbox"][name="${name}"]`).count(), name).toBe(1);
    }
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('diagnoses ReLU with Xavier initialization: the squared gradient shrinks by about 1/2 per layer', async () => {
    const watched = await openLab(env);
    const { page } = watched;
    await setControl(page, 'activation', 'relu');
    expect(await page.locator('[name="weightVariance"]').inputValue()).toBe('1');
    const text = await diagnosisText(page);
    expect(text).toContain('shrinks by about 1/2 per layer');
    expect(text).toContain('Xavier (Glorot) initialization on ReLU');
    // The lesson link points to a lesson the site has.
    const href = await page.locator('[data-slot="diagnosis"] a').getAttribute('href');
    expect(href).toMatch(/\/lessons\/[a-z-]+\/$/);
    // He initialization (the preset) makes it stable.
    const before = await generation(page);
    await page.getByRole('button', { name: 'He: 2' }).click();
    await expect.poll(() => generation(page)).toBeGreaterThan(before);
    await waitFor(page, 'rendered');
    expect(await diagnosisText(page)).toContain('He initialization');
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('calls tanh with σ_w² = 4 chaotic, with exploding gradients, and theory agrees', async () => {
    const watched = await openLab(env);
    const { page } = watched;
    await setControl(page, 'weightVariance', '4');
    const text = await diagnosisText(page);
    expect(text).toMatch(/^Gradients explode: going back, ‖δ‖² grows by about ×1\.\d+ per layer/);
    expect(text).toContain('chaotic phase');
    expect(await page.locator('[data-slot="theory"]').textContent()).toContain('chaotic: inputs drift apart');
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('redraws both passes for a new depth, with the seeds as a band and mean field over them', async () => {
    const watched = await openLab(env);
    const { page } = watched;
    await setControl(page, 'depth', '12');
    expect(await chartLabel(page, 'forward')).toBe(
      "Forward pass: the RMS of each layer's activations, 12 layers, 3 seeds",
    );
    expect(await chartLabel(page, 'backward')).toBe(
      "Backward pass: the norm of each layer's gradient δ, 12 layers, 3 seeds",
    );
    await expect.poll(() => page.locator('[data-slot="forward"] g[data-mark="area"]').count()).toBe(1);
    expect(await page.locator('[data-slot="forward"] g[data-description="theory"]').count()).toBe(1);
    // Mean field does not describe a normalized network: the dashed line goes, and theory says why.
    await setControl(page, 'norm', 'layer');
    expect(await page.locator('[data-slot="forward"] g[data-description="theory"]').count()).toBe(0);
    expect(await page.locator('[data-slot="theory"]').textContent()).toContain(
      'Normalization rescales every layer',
    );
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('warms its scan workers once idle, and a change made meanwhile shows the new state', async () => {
    const watched = await openLab(env);
    const { page } = watched;
    // The warm-up is queued (six scans of each seed) when the page is first idle: change σ_w² in the middle of it.
    await page.waitForFunction(() => 'requestIdleCallback' in window);
    await page.waitForTimeout(50);
    await setControl(page, 'weightVariance', '4');
    expect(await diagnosisText(page)).toContain('chaotic phase');
    expect(await page.locator('[data-slot="theory"]').textContent()).toContain('chaotic: inputs drift apart');
    // The warm-up was for the state before the change: it never reports itself done for a later one.
    expect(await page.locator('[data-lab]').getAttribute('data-warmed')).not.toBe(
      String(await generation(page)),
    );
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('marks itself warmed when left idle after loading', async () => {
    const watched = await openLab(env);
    await watched.page.locator('[data-lab][data-warmed="0"]').waitFor({ state: 'attached' });
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('lets a newer change replace an older computation: a slow network is dropped for a quick one', async () => {
    const watched = await openLab(env);
    const { page } = watched;
    // Depth 400 at width 256 takes seconds per seed; depth 6 right after it takes milliseconds.
    await page.locator('[name="width"]').fill('256');
    await page.locator('[name="depth"]').fill('400');
    // Figures this late are dimmed, so the older state's numbers are not read as the new one's.
    const forward = page.locator('[data-slot="forward"]');
    await page.locator('[data-slot="forward"][data-stale="late"]').waitFor();
    expect(await forward.evaluate((slot) => getComputedStyle(slot).opacity)).toBe('0.45');
    expect(await forward.getAttribute('aria-busy')).toBe('true');
    await page.locator('[name="depth"]').fill('6');
    await page.locator('[name="depth"]').press('Tab');
    await waitFor(page, 'rendered');
    expect(await chartLabel(page, 'forward')).toBe(
      "Forward pass: the RMS of each layer's activations, 6 layers, 3 seeds",
    );
    expect(await forward.getAttribute('data-stale')).toBeNull();
    expect(await forward.evaluate((slot) => getComputedStyle(slot).opacity)).toBe('1');
    // The address holds the last state (written once the figures are on screen).
    await expect.poll(() => new URL(page.url()).searchParams.get('depth')).toBe('6');
    expect(new URL(page.url()).searchParams.get('width')).toBe('256');
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('finds where each number format gives up for the lecture’s network of 1.5·I', async () => {
    const watched = await openLab(
      env,
      '?depth=260&width=2&act=identity&init=identity&sw2=2.25&bias=0&batch=1',
    );
    const { page } = watched;
    await waitFor(page, 'formats');
    const row = (format: string) =>
      page
        .locator('[data-slot="formats"] tr', {
          has: page.locator('th', { hasText: new RegExp(`^${format}`) }),
        })
        .first();
    // float16 stops near 65,504 = 1.5^27.3, float32 near 3.4·10³⁸ = 1.5^219 (a few layers either way for an input
    // of another size than 1); float64 lasts the 260 layers.
    const layerOf = async (format: string) =>
      Number(/^layer (\d+)$/.exec((await row(format).locator('td').first().textContent()) ?? '')?.[1]);
    expect(await layerOf('float16')).toBeGreaterThan(20);
    expect(await layerOf('float16')).toBeLessThan(40);
    expect(await layerOf('float32')).toBeGreaterThan(205);
    expect(await layerOf('float32')).toBeLessThan(235);
    expect(await layerOf('bfloat16')).toBeGreaterThan(205);
    expect((await row('float64').locator('td').first().textContent())?.trim()).toBe('—never');
    expect(await diagnosisText(page)).toContain('which is k² for weights k·I with k = 1.5');
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('says when a network is too large for the page, and computes nothing', async () => {
    const watched = await openLab(env);
    const { page } = watched;
    await setControl(page, 'width', '1024');
    await setControl(page, 'depth', '100');
    expect(await page.locator('[data-role="status"]').textContent()).toMatch(
      /^This network has 105 million weights, .* At width 1024 the Lab goes to depth 8/,
    );
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });
});
