/**
 * What a reader typed into a playground, kept in localStorage per page and playground so that it survives a
 * reload, plus the versions it replaced (by Reset, or by opening a shared link): nothing a reader typed is lost,
 * and the last twenty replaced versions can be brought back.
 */

/** Where the code shown in a playground came from. */
export type CodeOrigin = 'lesson' | 'edited' | 'shared';

/** A version of the code that something replaced. */
export interface ReplacedVersion {
  readonly code: string;
  /** Milliseconds since the epoch. */
  readonly at: number;
  readonly reason: 'reset' | 'shared';
}

/** One playground's saved state. */
export interface SavedPlayground {
  /** The reader's current code; `null` when it is the lesson's. */
  readonly code: string | null;
  readonly origin: CodeOrigin;
  /** Engine version a shared link was made with, when the code came from one. */
  readonly sharedEngine?: string;
  /** Most recent first. */
  readonly replaced: readonly ReplacedVersion[];
}

/** Replaced versions kept per playground. */
export const MAX_REPLACED = 20;

const EMPTY: SavedPlayground = { code: null, origin: 'lesson', replaced: [] };

/**
 * The storage key of playground `id` on the page at `pathname` (trailing slash ignored).
 *
 * @example
 * storageKey('/lessons/deep-linear-network/', 'output-growth');
 * // 'gradscope:playground:/lessons/deep-linear-network#output-growth'
 */
export function storageKey(pathname: string, id: string): string {
  return `gradscope:playground:${pathname.replace(/\/+$/, '') || '/'}#${id}`;
}

/**
 * Reads a playground's saved state; a missing, unreadable or malformed entry reads as "the lesson's code".
 *
 * @example
 * readSaved(localStorage, key).code ?? lessonCode;
 */
export function readSaved(storage: Storage | undefined, key: string): SavedPlayground {
  try {
    const raw = storage?.getItem(key);
    if (!raw) return EMPTY;
    const value = JSON.parse(raw) as Partial<SavedPlayground>;
    const code = typeof value.code === 'string' ? value.code : null;
    const origin = value.origin === 'edited' || value.origin === 'shared' ? value.origin : 'lesson';
    const replaced = Array.isArray(value.replaced)
      ? value.replaced
          .filter((entry): entry is ReplacedVersion => typeof entry?.code === 'string')
          .slice(0, MAX_REPLACED)
      : [];
    return {
      code,
      origin: code === null ? 'lesson' : origin,
      sharedEngine: typeof value.sharedEngine === 'string' ? value.sharedEngine : undefined,
      replaced,
    };
  } catch {
    return EMPTY;
  }
}

/**
 * Saves a playground's state; returns false when storage refused (private mode, quota), so the page can say so.
 *
 * @example
 * writeSaved(localStorage, key, { code: edited, origin: 'edited', replaced: [] });
 */
export function writeSaved(storage: Storage | undefined, key: string, state: SavedPlayground): boolean {
  try {
    if (!storage) return false;
    if (state.code === null && state.replaced.length === 0) storage.removeItem(key);
    else storage.setItem(key, JSON.stringify({ ...state, replaced: state.replaced.slice(0, MAX_REPLACED) }));
    return true;
  } catch {
    return false;
  }
}

/**
 * `state` with `code` pushed onto the replaced versions (unless it is empty or already the latest one).
 *
 * @example
 * withReplaced(state, readerCode, 'reset').replaced[0].code === readerCode; // true
 */
export function withReplaced(
  state: SavedPlayground,
  code: string,
  reason: ReplacedVersion['reason'],
  now: number = Date.now(),
): SavedPlayground {
  if (code.trim() === '' || state.replaced[0]?.code === code) return state;
  return { ...state, replaced: [{ code, at: now, reason }, ...state.replaced].slice(0, MAX_REPLACED) };
}
