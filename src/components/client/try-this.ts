/**
 * TryThis's link, with JavaScript: besides going to the example, it opens the playground's editor (focusing its
 * code does that). Loaded by the lesson page (src/pages/lessons/[slug].astro).
 */
document.addEventListener('click', (event) => {
  const link = (event.target as Element | null)?.closest?.('a[data-focus-playground]');
  if (!(link instanceof HTMLAnchorElement)) return;
  const playground = document.getElementById(`playground-${link.dataset.focusPlayground}`);
  const code = playground?.querySelector<HTMLElement>('[data-role="code"] pre, [data-role="code"] textarea');
  if (!playground || !code) return;
  event.preventDefault();
  history.pushState(history.state, '', link.hash);
  playground.scrollIntoView({ block: 'start' });
  code.focus({ preventScroll: true });
});
