import { describe, expect, it } from 'vitest';

import { inlineMarkdownToHtml, markdownToPlainText } from '../../src/lib/inline-markdown.ts';

describe('short answers as plain text', () => {
  it('writes powers and indices with Unicode superscripts and subscripts where they exist', () => {
    expect(markdownToPlainText('The output scales like $1.5^L$, or $k^{2L-1}$, at $x_1$.')).toBe(
      'The output scales like 1.5ᴸ, or k²ᴸ⁻¹, at x₁.',
    );
  });

  it('keeps the TeX of what Unicode cannot write, without dollar signs', () => {
    expect(markdownToPlainText('The layer $W^{[l]}$.')).toBe('The layer W^[l].');
  });

  it('turns common TeX symbols into their Unicode characters', () => {
    expect(markdownToPlainText('$W = k \\cdot I$ and $L \\to \\infty$')).toBe('W = k·I and L→∞');
  });

  it('writes norms, hats, transposes and one half the way a reader would type them', () => {
    expect(markdownToPlainText('the loss $\\tfrac12\\lVert\\hat y\\rVert^2$ and $k^{2L-1} x x^\\top$')).toBe(
      'the loss ½‖ŷ‖² and k²ᴸ⁻¹ x xᵀ',
    );
    expect(markdownToPlainText('$\\frac{a}{m}$')).toBe('a/m');
  });

  it('drops emphasis, code and link markup but keeps their text', () => {
    expect(markdownToPlainText('It **explodes**, see `mlp` and [the lesson](/lessons/x/).')).toBe(
      'It explodes, see mlp and the lesson.',
    );
  });

  it('leaves subscripts alone', () => {
    expect(markdownToPlainText('weights W_1 and W_2')).toBe('weights W_1 and W_2');
  });
});

describe('short answers as HTML', () => {
  it('renders inline math with KaTeX, including MathML for screen readers, without a wrapping paragraph', async () => {
    const html = await inlineMarkdownToHtml('Grows like $1.5^L$.');
    expect(html.startsWith('Grows like <span class="katex">')).toBe(true);
    expect(html).toContain('<math xmlns="http://www.w3.org/1998/Math/MathML">');
    expect(html).not.toContain('<p>');
  });
  it('sets apostrophes and quotes as the page does, typographically', () => {
    expect(markdownToPlainText(`ReLU's slope, the learners' question, 'bounded' and "exploding"`)).toBe(
      'ReLU\u2019s slope, the learners\u2019 question, \u2018bounded\u2019 and \u201cexploding\u201d',
    );
  });
});
