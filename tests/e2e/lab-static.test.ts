// The Lab without JavaScript (the default configuration drawn at build time, and what the live page adds), at
// phone width, from the header and from a lesson's figure, and axe-clean once its interactive parts are drawn.
import { describe, expect, it } from 'vitest';

import { seriousViolations } from '../support/axe.ts';
import { openPage } from '../support/browser.ts';
import { useBrowserAndSite } from '../support/fixtures.ts';
import { lessonPages } from '../support/site.ts';
import { diagnosisText, openLab, waitFor } from '../support/lab.ts';

const env = useBrowserAndSite();

describe('the Lab', () => {
  it('without JavaScript shows the default configuration computed at build time, and says what the live page adds', async () => {
    const watched = await openPage(env.browser, { javaScriptEnabled: false });
    const { page } = watched;
    await page.goto(env.site.url('lab/'));
    const note = page.locator('.lab-static-note');
    expect(await note.isVisible()).toBe(true);
    expect(await note.textContent()).toContain('The live page adds the controls');
    expect(await page.locator('[data-role="controls"]').isVisible()).toBe(false);
    for (const slot of ['forward', 'backward', 'spectrum', 'phase']) {
      const svg = page.locator(`[data-slot="${slot}"] svg[role="img"]`);
      expect(await svg.getAttribute('aria-label'), slot).toBeTruthy();
      expect(await svg.getAttribute('aria-description'), slot).toBeTruthy();
    }
    expect(await diagnosisText(page)).toMatch(/^Gradients /);
    expect(await page.locator('[data-slot="formats"] tbody tr').count()).toBe(7);
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('is in the header, and the live page shows the same default figures the build drew', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    await page.goto(env.site.url());
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Lab' }).click();
    await waitFor(page, 'rendered');
    expect(await page.locator('h1').textContent()).toBe('Put a network in the scanner');
    const built = await (await fetch(env.site.url('lab/'))).text();
    const forward = await page
      .locator('[data-slot="forward"] svg[role="img"]')
      .getAttribute('aria-description');
    expect(built).toContain(forward!.replace(/&/g, '&amp;').slice(0, 80));
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('works on a phone: no sideways scrolling, the settings folded but the first group', async () => {
    const watched = await openLab(env, '?act=relu', {
      viewport: { width: 375, height: 800 },
      hasTouch: true,
      isMobile: true,
    });
    const { page } = watched;
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const open = await page
      .locator('.lab-group')
      .evaluateAll((groups) => groups.map((g) => (g as HTMLDetailsElement).open));
    expect(open).toEqual([true, false, false, false, false]);
    expect(await diagnosisText(page)).toContain('shrinks by about 1/2 per layer');
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('opens from a lesson figure with the figure’s configuration', async () => {
    const lesson = lessonPages().find((p) => p.path.includes('deep-linear-network'));
    expect(lesson, 'the lecture lesson is built').toBeDefined();
    const watched = await openPage(env.browser);
    const { page } = watched;
    await page.goto(env.site.url(lesson!.path.replace(/^\//, '')));
    const link = page.locator('#gradient-norms').getByRole('link', { name: /^Open in the Lab/ });
    await link.click();
    await waitFor(page, 'rendered');
    const controls = page.locator('[data-role="controls"]');
    expect(await controls.locator('[name="depth"]').inputValue()).toBe('20');
    expect(await controls.locator('[name="width"]').inputValue()).toBe('2');
    expect(await controls.locator('[name="init"]').inputValue()).toBe('identity');
    expect(await diagnosisText(page)).toContain('k = 1.5');
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it.each(['light', 'dark'] as const)(
    'has no serious axe violation in the %s theme once a run and a cell are trained',
    async (colorScheme) => {
      const watched = await openLab(env, '?depth=6&width=16&steps=20&batch=8', { colorScheme });
      const { page } = watched;
      await page.getByRole('button', { name: 'Train', exact: true }).click();
      await expect.poll(() => page.locator('[data-role="train-status"]').textContent()).toMatch(/^Trained/);
      await page.getByLabel('Grid').selectOption('10');
      await page.getByRole('group', { name: 'Train one cell' }).getByRole('button').click();
      await expect.poll(() => page.locator('[data-role="sweep-status"]').textContent()).toMatch(/^1 of 100/);
      await waitFor(page, 'settled');
      expect(await seriousViolations(page)).toEqual([]);
      expect(watched.problems()).toEqual([]);
      await watched.close();
    },
  );
});
