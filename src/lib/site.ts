/** Words that appear on every page: the site's name and what it teaches. */

export const SITE_NAME = 'Gradscope';

/** One sentence, used as the landing page's description and social card. */
export const SITE_TAGLINE = 'An interactive textbook on vanishing and exploding gradients.';

/** The landing page's meta description. */
export const SITE_DESCRIPTION =
  'Why gradients vanish or explode in deep and recurrent networks, derived step by step and computed live: ' +
  'every figure is drawn by a small numerical engine that runs in your browser, and every answer has a link.';

export const ANSWERS_TITLE = 'Answers to forum questions';
export const ANSWERS_DESCRIPTION =
  'Short answers to the questions learners ask most about vanishing and exploding gradients.';

export const PLAYGROUND_TITLE = 'Playground';
export const PLAYGROUND_DESCRIPTION =
  'Write and run your own experiments with the engine behind every figure of the book, then share them as a link.';

export const LAB_TITLE = 'The Lab';
export const LAB_DESCRIPTION =
  'Build a deep network, see its signal and its gradients layer by layer against what theory predicts, train it, ' +
  'train a whole phase diagram, and share the exact state as a link.';

export const GLOSSARY_TITLE = 'Glossary';
export const GLOSSARY_DESCRIPTION =
  'Every term the book defines, in alphabetical order, with its definition and a link to the lesson that defines it.';

export const BIBLIOGRAPHY_TITLE = 'Bibliography';
export const BIBLIOGRAPHY_DESCRIPTION =
  'Every paper, book and standard the lessons cite, with a link to each lesson that cites it.';
