/**
 * The colour theme, shared by the no-flash script in BaseLayout, the toggle and (through the `gradscope:theme`
 * event) anything else that draws, such as the playground's editor.
 */

/** The two themes. */
export type Theme = 'light' | 'dark';

/** localStorage key of a remembered choice; absent means "follow the system". */
export const THEME_STORAGE_KEY = 'gradscope-theme';

/** Name of the event dispatched on `document` after the theme changes; `detail.theme` is the new theme. */
export const THEME_EVENT = 'gradscope:theme';

/**
 * The system's preference.
 *
 * @example
 * systemTheme(); // 'dark' on a phone in night mode
 */
export function systemTheme(): Theme {
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/**
 * The theme the page shows now (`<html data-theme>`).
 *
 * @example
 * if (currentTheme() === 'dark') editor.setTheme('vs-dark');
 */
export function currentTheme(): Theme {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

/**
 * Shows `theme` and announces it with the `gradscope:theme` event.
 *
 * @example
 * applyTheme('dark');
 */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  document.dispatchEvent(new CustomEvent(THEME_EVENT, { detail: { theme } }));
}

/**
 * The script inlined in `<head>` so the right theme is on `<html>` before the first paint (no flash of the wrong
 * theme). Also marks `<html class="js">`, which CSS uses for things that only work with JavaScript.
 */
export const THEME_BOOT_SCRIPT = `(function(){var r=document.documentElement,t;r.classList.add('js');try{t=localStorage.getItem(${JSON.stringify(
  THEME_STORAGE_KEY,
)})}catch(e){}if(t!=='light'&&t!=='dark')t=matchMedia('(prefers-color-scheme: dark)').matches?'dark':'light';r.dataset.theme=t})();`;
