/**
 * Folds on a phone what a wide screen shows open: every `<details data-fold-on-phone>` in the page is closed when
 * the viewport is at most `FOLD_ON_PHONE_WIDTH` wide. Inlined right after the elements it folds, so it runs before
 * the first paint: folded later (by the page's module script), the Lab's controls collapsed under the reader's
 * eyes and moved the whole page, a layout shift Lighthouse counts (0.13). Until it has run (a page is painted
 * while it is parsed), global.css hides the groups' content; once it has, `data-folded-on-phone` on `<html>`
 * hands them back to their `open` state. Without JavaScript everything stays open.
 */

/** The width up to which a page is laid out as one column (the Lab's `56rem` breakpoint; global.css uses it too). */
export const FOLD_ON_PHONE_WIDTH = '56rem';

/** The inline script's exact text (its hash is in the Content-Security-Policy). */
export const FOLD_ON_PHONE_SCRIPT = `(function(){if(matchMedia('(max-width: ${FOLD_ON_PHONE_WIDTH})').matches)document.querySelectorAll('details[data-fold-on-phone]').forEach(function(d){d.open=false});document.documentElement.setAttribute('data-folded-on-phone','')})();`;
