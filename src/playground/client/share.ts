/**
 * Share links: `…/lessons/<slug>/#pg=<id>&engine=<version>&code=<lz-string>`. The code travels in the fragment,
 * which browsers never send to the server, compressed with lz-string's URL-safe alphabet (a 40-line example
 * makes a link of about 1,000 characters). Loaded only when a reader shares or opens a shared link.
 */
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';

/** A playground's code as carried by a link. */
export interface SharedCode {
  readonly id: string;
  readonly code: string;
  /** `@gradscope/core` version the link was made with. */
  readonly engine: string;
}

/** Longest code a link may carry (characters, after decompression); a longer one is refused as malformed. */
export const MAX_SHARED_CODE = 100_000;

/**
 * The fragment for a shared link (with the leading `#`).
 *
 * @example
 * shareFragment({ id: 'output-growth', code: 'console.log(1)', engine: '0.1.0' });
 * // '#pg=output-growth&engine=0.1.0&code=MYewdgziA2CmB00QHMAUBGAlEA'
 */
export function shareFragment(shared: SharedCode): string {
  const engine = encodeURIComponent(shared.engine);
  return `#pg=${encodeURIComponent(shared.id)}&engine=${engine}&code=${compressToEncodedURIComponent(shared.code)}`;
}

/**
 * Reads a shared link's fragment, or `null` when it is not one (or is damaged).
 *
 * @example
 * parseShareFragment(location.hash)?.id; // 'output-growth'
 */
export function parseShareFragment(hash: string): SharedCode | null {
  if (!hash.startsWith('#pg=')) return null;
  // Not URLSearchParams: it would turn the '+' of lz-string's alphabet into a space.
  const fields = new Map<string, string>();
  for (const part of hash.slice(1).split('&')) {
    const at = part.indexOf('=');
    if (at > 0) fields.set(part.slice(0, at), part.slice(at + 1));
  }
  const id = safeDecode(fields.get('pg'));
  const compressed = fields.get('code');
  if (!id || !compressed) return null;
  const code = decompressFromEncodedURIComponent(compressed);
  if (typeof code !== 'string' || code === '' || code.length > MAX_SHARED_CODE) return null;
  return { id, code, engine: safeDecode(fields.get('engine')) ?? 'unknown' };
}

function safeDecode(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
