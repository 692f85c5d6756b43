/**
 * Social cards: the 1200×630 PNG that forums and chats show when someone pastes a link (Open Graph `og:image`,
 * Twitter `summary_large_image`). Drawn at build time from the page's title and short answer with sharp; text is
 * laid out by Pango (sharp's `text` input), which wraps words properly, so nothing is measured by guesswork and
 * nothing is fetched: fonts come from the build machine (DejaVu/Liberation on Debian, else its default sans).
 *
 * The sparkline in the corner is the lecture's example itself: log10 of 1.5^L (up) and 0.5^L (down), L = 0…40.
 */
import sharp, { type OverlayOptions } from 'sharp';

/** What a card says. */
export interface SocialCard {
  /** Small caps line above the title: the part, or "Short answer". */
  readonly eyebrow: string;
  readonly title: string;
  /** Plain text; trimmed with an ellipsis to fit. */
  readonly description: string;
  /** Shown at the bottom, without the scheme: `gradscope.example/lessons/…`. */
  readonly url: string;
}

export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;

const MARGIN = 72;
const TEXT_WIDTH = CARD_WIDTH - 2 * MARGIN;
const EYEBROW_BASELINE = 160;
const TITLE_TOP = 184;
const FOOTER_TOP = 540;
const FONT = 'DejaVu Sans,Liberation Sans,sans-serif';
const COLOURS = {
  background: '#14161f',
  panel: '#1b1e2a',
  accent: '#93a6ff',
  title: '#f4f5f8',
  text: '#c5cad8',
  muted: '#8c92a4',
  rise: '#ff9a76',
  fall: '#7fc8ff',
};

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

interface RenderedText {
  readonly png: Buffer;
  readonly height: number;
}

async function renderText(
  text: string,
  size: number,
  weight: 'Bold' | '',
  colour: string,
): Promise<RenderedText> {
  const markup = `<span foreground="${colour}">${escapeXml(text)}</span>`;
  const { data, info } = await sharp({
    text: {
      text: markup,
      font: `${FONT} ${weight} ${size}`.replace(/\s+/g, ' '),
      width: TEXT_WIDTH,
      dpi: 72,
      rgba: true,
      wrap: 'word',
      spacing: Math.round(size * 0.18),
    },
  })
    .png()
    .toBuffer({ resolveWithObject: true });
  return { png: data, height: info.height };
}

/** The largest title size (from 60px down) that fits in `maxHeight`; long titles are cut with an ellipsis. */
async function fitTitle(title: string, maxHeight: number): Promise<RenderedText> {
  for (const size of [60, 54, 48, 42]) {
    const rendered = await renderText(title, size, 'Bold', COLOURS.title);
    if (rendered.height <= maxHeight) return rendered;
  }
  return fitByTrimming(title, (text) => renderText(text, 42, 'Bold', COLOURS.title), maxHeight);
}

/** Drops words from the end (adding "…") until the text fits in `maxHeight`. */
async function fitByTrimming(
  text: string,
  render: (text: string) => Promise<RenderedText>,
  maxHeight: number,
): Promise<RenderedText> {
  let words = text.split(/\s+/);
  let rendered = await render(text);
  while (rendered.height > maxHeight && words.length > 1) {
    // Cut a chunk proportional to the overflow first, then word by word.
    const excess = rendered.height / maxHeight;
    const keep = excess > 1.3 ? Math.floor(words.length / excess) : words.length - 1;
    words = words.slice(0, Math.max(1, keep));
    rendered = await render(`${words.join(' ').replace(/[\s,.;:–—-]+$/, '')}…`);
  }
  return rendered;
}

function sparkline(x: number, y: number, width: number, height: number): string {
  const depth = 40;
  const top = depth * Math.log10(1.5);
  const bottom = depth * Math.log10(0.5);
  const px = (L: number) => x + (L / depth) * width;
  const py = (log: number) => y + ((top - log) / (top - bottom)) * height;
  const path = (base: number) =>
    Array.from(
      { length: depth + 1 },
      (_, L) => `${L === 0 ? 'M' : 'L'}${px(L).toFixed(1)},${py(L * Math.log10(base)).toFixed(1)}`,
    ).join('');
  return `
    <line x1="${x}" y1="${py(0)}" x2="${x + width}" y2="${py(0)}" stroke="${COLOURS.muted}" stroke-width="1" stroke-dasharray="3 4"/>
    <path d="${path(1.5)}" fill="none" stroke="${COLOURS.rise}" stroke-width="3" stroke-linecap="round"/>
    <path d="${path(0.5)}" fill="none" stroke="${COLOURS.fall}" stroke-width="3" stroke-linecap="round"/>
    <text x="${x + width + 10}" y="${py(top) + 6}" font-family="${FONT}" font-size="18" fill="${COLOURS.rise}">1.5ᴸ</text>
    <text x="${x + width + 10}" y="${py(bottom) + 6}" font-family="${FONT}" font-size="18" fill="${COLOURS.fall}">0.5ᴸ</text>`;
}

function background(card: SocialCard): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${CARD_HEIGHT}" viewBox="0 0 ${CARD_WIDTH} ${CARD_HEIGHT}">
  <rect width="${CARD_WIDTH}" height="${CARD_HEIGHT}" fill="${COLOURS.background}"/>
  <rect x="0" y="0" width="12" height="${CARD_HEIGHT}" fill="${COLOURS.accent}"/>
  <g transform="translate(${MARGIN} 56)">
    <g fill="none" stroke="${COLOURS.accent}" stroke-width="3.2" stroke-linecap="round" stroke-linejoin="round">
      <path d="M2 34 C 14 34, 20 4, 40 4"/>
      <path d="M2 34 C 14 34, 20 40, 40 40" opacity="0.55"/>
    </g>
    <text x="56" y="32" font-family="${FONT}" font-size="30" font-weight="700" fill="${COLOURS.title}">Gradscope</text>
  </g>
  <text x="${MARGIN}" y="${EYEBROW_BASELINE}" font-family="${FONT}" font-size="20" font-weight="700" letter-spacing="2" fill="${COLOURS.accent}">${escapeXml(card.eyebrow.toUpperCase())}</text>
  <line x1="${MARGIN}" y1="${FOOTER_TOP - 24}" x2="${CARD_WIDTH - MARGIN}" y2="${FOOTER_TOP - 24}" stroke="${COLOURS.panel}" stroke-width="2"/>
  <text x="${MARGIN}" y="${FOOTER_TOP + 34}" font-family="${FONT}" font-size="22" fill="${COLOURS.muted}">${escapeXml(card.url)}</text>
  ${sparkline(CARD_WIDTH - MARGIN - 250, FOOTER_TOP - 6, 190, 64)}
</svg>`;
}

/**
 * Draws a social card and returns it as PNG bytes.
 *
 * @example
 * const png = await renderSocialCard({ eyebrow: 'Short answer', title: 'Why do gradients vanish?', description: '…', url: 'gradscope.example/lessons/x/' });
 */
export async function renderSocialCard(card: SocialCard): Promise<Buffer> {
  const title = await fitTitle(card.title, 3 * 70);
  const descriptionTop = TITLE_TOP + title.height + 24;
  const descriptionRoom = FOOTER_TOP - 48 - descriptionTop;
  const layers: OverlayOptions[] = [{ input: title.png, left: MARGIN, top: TITLE_TOP }];
  if (card.description && descriptionRoom > 40) {
    const description = await fitByTrimming(
      card.description,
      (text) => renderText(text, 28, '', COLOURS.text),
      descriptionRoom,
    );
    layers.push({ input: description.png, left: MARGIN, top: descriptionTop });
  }
  return sharp(Buffer.from(background(card)))
    .composite(layers)
    .png({ compressionLevel: 9, palette: true, quality: 90 })
    .toBuffer();
}
