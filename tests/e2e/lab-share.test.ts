// A state shared as a link reopens exactly: same controls, same figures (same seeds, same numbers), and a link from
// another engine version or a damaged one still opens, saying so.
import { describe, expect, it } from 'vitest';

import { openPage } from '../support/browser.ts';
import { useBrowserAndSite } from '../support/fixtures.ts';
import { openLab, setControl, waitFor } from '../support/lab.ts';

const env = useBrowserAndSite();

describe('sharing the Lab', () => {
  it('copies a link that reopens the same state with the same figures', async () => {
    const sender = await openLab(env, '?width=32', { permissions: ['clipboard-read', 'clipboard-write'] });
    const { page } = sender;
    await setControl(page, 'activation', 'gelu');
    await setControl(page, 'depth', '17');
    await setControl(page, 'residual', true);
    await setControl(page, 'branchScale', '0.3');
    await setControl(page, 'dtype', 'bfloat16');
    await setControl(page, 'seed', '41');
    await page.getByRole('button', { name: 'Copy a link to this state' }).click();
    await expect
      .poll(() => page.locator('[data-role="status"]').textContent())
      .toBe('Copied a link to this state.');
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toBe(page.url());
    expect(await page.locator('[data-role="link"]').inputValue()).toBe(link);
    const sent = {
      forward: await page.locator('[data-slot="forward"] svg').evaluate((svg) => svg.outerHTML),
      backward: await page.locator('[data-slot="backward"] svg').evaluate((svg) => svg.outerHTML),
      diagnosis: await page.locator('[data-slot="diagnosis"]').textContent(),
    };

    const receiver = await openPage(env.browser);
    await receiver.page.goto(link, { waitUntil: 'domcontentloaded' });
    await waitFor(receiver.page, 'rendered');
    const controls = receiver.page.locator('[data-role="controls"]');
    expect(await controls.locator('[name="activation"]').inputValue()).toBe('gelu');
    expect(await controls.locator('[name="depth"]').inputValue()).toBe('17');
    expect(await controls.locator('[name="residual"]').isChecked()).toBe(true);
    expect(await controls.locator('[name="branchScale"]').inputValue()).toBe('0.3');
    expect(await controls.locator('[name="dtype"]').inputValue()).toBe('bfloat16');
    expect(await controls.locator('[name="seed"]').inputValue()).toBe('41');
    expect(await receiver.page.locator('[data-slot="forward"] svg').evaluate((svg) => svg.outerHTML)).toBe(
      sent.forward,
    );
    expect(await receiver.page.locator('[data-slot="backward"] svg').evaluate((svg) => svg.outerHTML)).toBe(
      sent.backward,
    );
    expect(await receiver.page.locator('[data-slot="diagnosis"]').textContent()).toBe(sent.diagnosis);
    expect(await receiver.page.locator('[data-role="notices"]').textContent()).toBe('');
    expect([...sender.problems(), ...receiver.problems()]).toEqual([]);
    await sender.close();
    await receiver.close();
  });

  it('says when a link was made with another version of the engine', async () => {
    const watched = await openLab(env, '?depth=12&act=relu&v=0.0.1&lab=1');
    const notices = await watched.page.locator('[data-role="notices"]').textContent();
    expect(notices).toMatch(
      /^This link was made with version 0\.0\.1 of the engine \(this page runs \d+\.\d+\.\d+\)/,
    );
    expect(await watched.page.locator('[name="depth"]').inputValue()).toBe('12');
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('opens a damaged link, saying what it changed', async () => {
    const watched = await openLab(env, '?depth=9000&width=16&act=tahn&colour=red');
    const notices = (await watched.page.locator('[data-role="notices"] p').allTextContents()).join(' | ');
    expect(notices).toContain('The link\'s "colour" is not a setting of the Lab: ignored.');
    expect(notices).toContain("The link's depth 9000 is more than 500: using 500.");
    expect(notices).toContain('did you mean "tanh"?');
    expect(await watched.page.locator('[name="depth"]').inputValue()).toBe('500');
    // The address now holds the state the page shows.
    await expect.poll(() => new URL(watched.page.url()).searchParams.get('depth')).toBe('500');
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });
});
