// Training in the Lab: a run draws its loss and its layers × steps gradient heatmap as it goes, Stop ends it (and
// nothing keeps computing), and a fork continues the run from a step with a remedy switched on.
import { describe, expect, it } from 'vitest';

import { useBrowserAndSite } from '../support/fixtures.ts';
import { openLab } from '../support/lab.ts';

const env = useBrowserAndSite();

describe('training in the Lab', () => {
  it('trains, draws the loss and the heatmap, and forks the run with a smaller learning rate', async () => {
    const watched = await openLab(env, '?depth=8&width=16&steps=60&batch=16&lr=0.05');
    const { page } = watched;
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect
      .poll(() => page.locator('[data-role="train-status"]').textContent(), { timeout: 60_000 })
      .toMatch(/^Trained 60 steps; last loss \d/);
    const loss = page.locator('[data-slot="loss"] svg[role="img"]');
    expect(await loss.getAttribute('aria-label')).toBe('Training loss per step');
    const heatmap = page.locator('[data-slot="heatmap"] svg[role="img"]');
    expect(await heatmap.getAttribute('aria-description')).toContain(
      'Heatmap of ‖dW[l]‖ for 8 layers (down) over 60 steps',
    );
    expect(await page.locator('[data-slot="heatmap"] g[data-mark="cell"] rect').count()).toBe(8 * 60);

    const fork = page.getByRole('group', { name: 'Fork the run' });
    await fork.getByLabel('At step').fill('30');
    await fork.getByLabel('Learning rate η').fill('0.001');
    await fork.getByLabel('Clip gradient norm at (0: off)').fill('0');
    await fork.getByRole('button', { name: 'Fork' }).click();
    await expect
      .poll(() => page.locator('[data-role="train-status"]').textContent(), { timeout: 60_000 })
      .toMatch(/^Fork at step 30 \(η = 0\.001\): Trained 60 steps/);
    expect(await loss.getAttribute('aria-label')).toBe('Training loss per step, the run and 1 fork');
    expect(
      await page.locator('[data-slot="loss"] svg[role="img"]').getAttribute('aria-description'),
    ).toContain('fork at step 30: η = 0.001');
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('stops a long run at once: the worker ends and the progress stays where it was', async () => {
    const watched = await openLab(env, '?depth=40&width=128&steps=5000&batch=64');
    const { page } = watched;
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    const progress = page.locator('[data-role="train-progress"]');
    await expect
      .poll(() => progress.evaluate((p: HTMLProgressElement) => p.value), { timeout: 60_000 })
      .toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Stop' }).first().click();
    const status = page.locator('[data-role="train-status"]');
    await expect.poll(() => status.textContent()).toMatch(/^Stopped at step \d+\.$/);
    const stoppedAt = await progress.evaluate((p: HTMLProgressElement) => p.value);
    expect(stoppedAt).toBeLessThan(1);
    await page.waitForTimeout(1000);
    expect(await progress.evaluate((p: HTMLProgressElement) => p.value)).toBe(stoppedAt);
    expect(await page.getByRole('button', { name: 'Train', exact: true }).isEnabled()).toBe(true);
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });
});
