/**
 * The social card (Open Graph / Twitter image) of every page, drawn at build time: /og/index.png,
 * /og/answers.png, /og/playground.png, /og/lab.png, /og/glossary.png, /og/bibliography.png, /og/404.png and
 * /og/lessons/<slug>.png.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import sharp from 'sharp';

import { cacheKey, cached } from '../../lib/build-cache.ts';

import { markdownToPlainText } from '../../lib/inline-markdown.ts';
import { getLessons } from '../../lib/lessons.ts';
import {
  ANSWERS_DESCRIPTION,
  ANSWERS_TITLE,
  BIBLIOGRAPHY_DESCRIPTION,
  BIBLIOGRAPHY_TITLE,
  GLOSSARY_DESCRIPTION,
  GLOSSARY_TITLE,
  LAB_DESCRIPTION,
  LAB_TITLE,
  PLAYGROUND_DESCRIPTION,
  PLAYGROUND_TITLE,
  SITE_NAME,
  SITE_TAGLINE,
} from '../../lib/site.ts';
import { renderSocialCard, type SocialCard } from '../../lib/social-card.ts';
// The drawing code is part of a card's inputs: a change to the layout redraws every card.
import socialCardSource from '../../lib/social-card.ts?raw';
import { absoluteUrl, lessonPath, withBase } from '../../lib/urls.ts';

interface Props {
  card: SocialCard;
}

export const getStaticPaths = (async () => {
  const lessons = await getLessons();
  const display = (path: string) => absoluteUrl(path, import.meta.env.SITE).replace(/^https?:\/\//, '');
  const cards: { page: string; card: SocialCard }[] = [
    {
      page: 'index',
      card: {
        eyebrow: 'Interactive textbook',
        title: 'Why gradients vanish and explode',
        description: SITE_TAGLINE,
        url: display(withBase('')),
      },
    },
    {
      page: 'answers',
      card: {
        eyebrow: 'Answers',
        title: ANSWERS_TITLE,
        description: ANSWERS_DESCRIPTION,
        url: display(withBase('answers/')),
      },
    },
    {
      page: 'playground',
      card: {
        eyebrow: SITE_NAME,
        title: PLAYGROUND_TITLE,
        description: PLAYGROUND_DESCRIPTION,
        url: display(withBase('playground/')),
      },
    },
    {
      page: 'lab',
      card: {
        eyebrow: SITE_NAME,
        title: LAB_TITLE,
        description: LAB_DESCRIPTION,
        url: display(withBase('lab/')),
      },
    },
    {
      page: 'glossary',
      card: {
        eyebrow: SITE_NAME,
        title: GLOSSARY_TITLE,
        description: GLOSSARY_DESCRIPTION,
        url: display(withBase('glossary/')),
      },
    },
    {
      page: 'bibliography',
      card: {
        eyebrow: SITE_NAME,
        title: BIBLIOGRAPHY_TITLE,
        description: BIBLIOGRAPHY_DESCRIPTION,
        url: display(withBase('bibliography/')),
      },
    },
    {
      page: '404',
      card: {
        eyebrow: SITE_NAME,
        title: 'Page not found',
        description: SITE_TAGLINE,
        url: display(withBase('')),
      },
    },
    ...lessons.map((lesson) => ({
      page: `lessons/${lesson.slug}`,
      card: {
        eyebrow: lesson.data.question ? 'Short answer' : `Part ${lesson.part.number} · ${lesson.part.title}`,
        title: lesson.data.question ? markdownToPlainText(lesson.data.question) : lesson.data.title,
        description: markdownToPlainText(lesson.data.summary),
        url: display(lessonPath(lesson.slug)),
      },
    })),
  ];
  return cards.map(({ page, card }) => ({ params: { page }, props: { card } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute<Props> = async ({ props }) => {
  // Cached by everything that draws it: the text, the drawing code, and sharp's and libvips' versions.
  const key = cacheKey(JSON.stringify(props.card), socialCardSource, JSON.stringify(sharp.versions));
  const png = await cached('social-cards', key, '.png', () => renderSocialCard(props.card));
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png' } });
};
