/** robots.txt with the absolute address of the sitemap (which depends on SITE_URL and BASE_PATH). */
import type { APIRoute } from 'astro';

import { absoluteUrl, withBase } from '../lib/urls.ts';

export const GET: APIRoute = ({ site }) =>
  new Response(`User-agent: *\nAllow: /\n\nSitemap: ${absoluteUrl(withBase('sitemap-index.xml'), site)}\n`, {
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
