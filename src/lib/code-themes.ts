/**
 * Syntax-highlighting themes for code on the site (Markdown code blocks and the playgrounds' static code). The
 * high-contrast GitHub pair: the plain GitHub themes have tokens below WCAG AA contrast (comments at 3.0:1 on
 * the dark background, some orange at 3.5:1 on white), which axe reports as serious.
 */
export const CODE_THEMES = {
  light: 'github-light-high-contrast',
  dark: 'github-dark-high-contrast',
} as const;
