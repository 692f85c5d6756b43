/**
 * Sharing the state: the address holds it (lab-page.ts rewrites it after every change, and at once when asked
 * through `beforeCopy`), so "Copy a link" copies the address, and the read-only field beside the button shows it
 * for a reader whose browser refuses the clipboard (select it and copy by hand).
 */

/**
 * Wires the page's copy buttons; `refresh` shows the current address in the link field; `beforeCopy` runs a
 * callback before a link is read from the address (to write a pending state into it).
 *
 * @example
 * const sharing = startSharing(root);
 * sharing.refresh(); // after history.replaceState
 */
export function startSharing(root: HTMLElement): {
  refresh(): void;
  beforeCopy(callback: () => void): void;
} {
  const field = root.querySelector<HTMLInputElement>('[data-role="link"]')!;
  const status = root.querySelector<HTMLElement>('[data-role="status"]')!;
  let beforeCopy = () => {};
  const copy = async (what: string) => {
    beforeCopy();
    const url = location.href;
    field.value = url;
    try {
      await navigator.clipboard.writeText(url);
      status.textContent = `Copied a link to ${what}.`;
    } catch {
      field.focus();
      field.select();
      status.textContent =
        'Your browser did not let the page copy: the link is selected in the field, copy it from there.';
    }
  };
  root.querySelector('[data-action="copy-link"]')?.addEventListener('click', () => void copy('this state'));
  root
    .querySelector('[data-action="share-map"]')
    ?.addEventListener('click', () => void copy('this state and its map'));
  return {
    refresh() {
      field.value = location.href;
    },
    beforeCopy(callback) {
      beforeCopy = callback;
    },
  };
}
