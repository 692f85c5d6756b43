/**
 * Browser side of the header search: loads Pagefind on first use, renders results as plain links, and handles
 * the keyboard. Pagefind's excerpts are HTML with `<mark>` around matches; they are rebuilt from text nodes so
 * nothing but `<mark>` can reach the page.
 */

/** The part of Pagefind's browser API this box uses (see pagefind_web_js/types/index.d.ts). */
interface Pagefind {
  options(options: { baseUrl?: string; excerptLength?: number; noWorker?: boolean }): Promise<void>;
  init(): Promise<void>;
  preload(term: string): Promise<void>;
  debouncedSearch(term: string, options?: object, debounceMs?: number): Promise<PagefindResults | null>;
}

interface PagefindResults {
  results: { id: string; data(): Promise<PagefindFragment> }[];
}

interface PagefindFragment {
  url: string;
  excerpt: string;
  meta: Record<string, string>;
  sub_results: { title: string; url: string; excerpt: string; locations: number[] }[];
}

/** Results shown at once; a textbook's search needs a handful, not a page of them. */
const MAX_RESULTS = 8;

/**
 * Pagefind excerpt HTML → safe nodes: text stays text, `<mark>` stays `<mark>`, anything else is flattened.
 *
 * @example
 * excerptNodes('the <mark>tanh</mark> unit')
 */
export function excerptNodes(html: string): Node[] {
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, 'text/html').body.firstElementChild;
  if (!parsed) return [];
  return [...parsed.childNodes].map((node) => {
    if (node.nodeName === 'MARK') {
      const mark = document.createElement('mark');
      mark.textContent = node.textContent;
      return mark;
    }
    return document.createTextNode(node.textContent ?? '');
  });
}

/**
 * Wires up the search box inside `root` (markup in src/components/Search.astro).
 *
 * @example
 * createSearchBox(document.querySelector('[data-search]'), import.meta.env.BASE_URL);
 */
export function createSearchBox(root: HTMLElement, baseUrl: string): void {
  const base = `${baseUrl.replace(/\/+$/, '')}/`;
  const input = root.querySelector<HTMLInputElement>('input')!;
  const panel = root.querySelector<HTMLElement>('.search-panel')!;
  const status = root.querySelector<HTMLElement>('.search-status')!;
  const list = root.querySelector<HTMLUListElement>('.search-results')!;
  let pagefind: Promise<Pagefind> | undefined;

  const load = (): Promise<Pagefind> => {
    pagefind ??= (async () => {
      // A URL built at run time, so Vite leaves it alone: the bundle only exists after `astro build`.
      const module: Pagefind = await import(/* @vite-ignore */ `${base}pagefind/pagefind.js`);
      // On the main thread: the site's Content-Security-Policy allows only `blob:` workers (content-security-policy.ts),
      // and Pagefind starts its worker from a URL. A textbook's index is small; searching it there is instant.
      await module.options({ baseUrl: base, excerptLength: 22, noWorker: true });
      await module.init();
      return module;
    })();
    pagefind.catch(() => (pagefind = undefined));
    return pagefind;
  };

  const open = (): void => {
    panel.hidden = false;
  };

  const close = (): void => {
    panel.hidden = true;
  };

  const links = (): HTMLAnchorElement[] => [...list.querySelectorAll<HTMLAnchorElement>('a')];

  const render = (fragments: PagefindFragment[], term: string): void => {
    list.replaceChildren(
      ...fragments.map((fragment) => {
        // Point at the section that matched best, when there is one.
        const section = fragment.sub_results
          .filter((sub) => sub.url !== fragment.url && sub.url.includes('#'))
          .sort((a, b) => b.locations.length - a.locations.length)[0];
        const item = document.createElement('li');
        item.className = 'search-result';
        const link = document.createElement('a');
        link.href = section?.url ?? fragment.url;
        const title = document.createElement('span');
        title.className = 'search-result-title';
        title.textContent = fragment.meta.title ?? fragment.url;
        if (section) {
          const where = document.createElement('span');
          where.className = 'search-result-section';
          where.textContent = ` › ${section.title}`;
          title.append(where);
        }
        const excerpt = document.createElement('span');
        excerpt.className = 'search-result-excerpt';
        excerpt.append(...excerptNodes(section?.excerpt ?? fragment.excerpt));
        link.append(title, excerpt);
        item.append(link);
        return item;
      }),
    );
    status.textContent =
      fragments.length === 0
        ? `No lesson mentions “${term}”.`
        : `${fragments.length} ${fragments.length === 1 ? 'result' : 'results'} for “${term}”`;
  };

  const search = async (): Promise<void> => {
    const term = input.value.trim();
    if (term === '') {
      list.replaceChildren();
      status.textContent = '';
      close();
      return;
    }
    open();
    if (list.childElementCount === 0) status.textContent = 'Searching…';
    let engine: Pagefind;
    try {
      engine = await load();
    } catch {
      status.textContent = 'Search is unavailable: its index was not found (run the full build).';
      return;
    }
    const found = await engine.debouncedSearch(term, {}, 120);
    if (found === null || term !== input.value.trim()) return; // superseded by newer typing
    const fragments = await Promise.all(found.results.slice(0, MAX_RESULTS).map((result) => result.data()));
    if (term !== input.value.trim()) return;
    render(fragments, term);
  };

  input.addEventListener('focus', () => {
    void load().catch(() => undefined);
    if (input.value.trim() !== '' && list.childElementCount > 0) open();
  });
  input.addEventListener('input', () => void search());

  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' && !panel.hidden) {
      event.preventDefault();
      links()[0]?.focus();
    } else if (event.key === 'Escape') {
      if (!panel.hidden) close();
      else input.blur();
    } else if (event.key === 'Enter') {
      const first = links()[0];
      if (first) first.click();
    }
  });

  list.addEventListener('keydown', (event) => {
    const all = links();
    const index = all.indexOf(document.activeElement as HTMLAnchorElement);
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      all[Math.min(index + 1, all.length - 1)]?.focus();
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      if (index <= 0) input.focus();
      else all[index - 1]?.focus();
    } else if (event.key === 'Escape') {
      close();
      input.focus();
    }
  });

  // Clicking or tabbing away closes the panel.
  root.addEventListener('focusout', (event) => {
    if (!root.contains(event.relatedTarget as Node | null)) close();
  });

  // "/" (or Ctrl/⌘+K) focuses the box unless the reader is typing somewhere else.
  document.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement | null;
    const typing = target?.closest(
      'input, textarea, select, [contenteditable]:not([contenteditable="false"])',
    );
    const shortcut =
      (event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey) ||
      (event.key.toLowerCase() === 'k' && (event.ctrlKey || event.metaKey));
    if (shortcut && !typing) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });
}
