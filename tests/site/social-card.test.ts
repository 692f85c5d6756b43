import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import { renderSocialCard } from '../../src/lib/social-card.ts';

const card = {
  eyebrow: 'Short answer',
  title: 'Why does my deep network output blow up when every weight is only a bit larger than one?',
  description: 'Multiplying L copies of 1.5·I scales the output by 1.5ᴸ, which explodes.',
  url: 'gradscope.example/lessons/deep-linear-network/',
};

describe('social cards', () => {
  it('are 1200×630 PNGs, the size Open Graph and Twitter cards expect', async () => {
    const metadata = await sharp(await renderSocialCard(card)).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(['png', 1200, 630]);
  });

  it('still fit when the title and the description are far too long', async () => {
    const long = { ...card, title: 'word '.repeat(80).trim(), description: 'sentence '.repeat(400).trim() };
    const metadata = await sharp(await renderSocialCard(long)).metadata();
    expect([metadata.width, metadata.height]).toEqual([1200, 630]);
  });

  it('escape text, so a title with markup characters cannot break the image', async () => {
    const png = await renderSocialCard({ ...card, title: 'Is <b>tanh</b> & sigmoid "safe"?' });
    expect((await sharp(png).metadata()).width).toBe(1200);
  });
});
