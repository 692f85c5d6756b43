// The lesson components rendered with Astro's container API: what each writes into the page, and the error a
// bad prop stops the build with (the component, the prop, what it received and what is allowed).
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';

import Aside from '../../src/components/Aside.astro';
import Cite from '../../src/components/Cite.astro';
import Definition from '../../src/components/Definition.astro';
import Exercise from '../../src/components/Exercise.astro';
import NetworkDiagram from '../../src/components/NetworkDiagram.astro';
import Predict from '../../src/components/Predict.astro';
import TryThis from '../../src/components/TryThis.astro';
import {
  describe as describeDiagram,
  drawnLayers,
  drawnUnitIndex,
  layerLabel,
} from '../../src/components/network-diagram.ts';

let container: AstroContainer;

beforeAll(async () => {
  container = await AstroContainer.create();
});

type Component = Parameters<AstroContainer['renderToString']>[0];
type Options = Parameters<AstroContainer['renderToString']>[1];

async function dom(component: Component, options: Options = {}) {
  const html = await container.renderToString(component, options);
  return parseHTML(`<!doctype html><html><body>${html}</body></html>`).document;
}

const render = (component: Component, options: Options) => container.renderToString(component, options);

describe('<Aside>', () => {
  it('is a note named by its title, or by its kind', async () => {
    const document = await dom(Aside, {
      props: { kind: 'warning' },
      slots: { default: '<p>Float32 overflows.</p>' },
    });
    const box = document.querySelector('.aside-warning')!;
    expect(box.getAttribute('role')).toBe('note');
    expect(document.getElementById(box.getAttribute('aria-labelledby')!)!.textContent!.trim()).toBe(
      'Warning',
    );
    expect(box.querySelector('.aside-body')!.innerHTML).toBe('<p>Float32 overflows.</p>');
  });

  it('rejects an unknown kind, listing the kinds', async () => {
    await expect(render(Aside, { props: { kind: 'tip' } })).rejects.toThrow(
      '<Aside>: kind must be one of note, warning, definition, history; received "tip"',
    );
  });
});

describe('<Definition>', () => {
  it('renders the term as a <dfn> in a definition box anchored at def-<term>', async () => {
    const document = await dom(Definition, {
      props: { term: 'Exploding gradient' },
      slots: { default: '<p>Larger at every layer.</p>' },
    });
    const box = document.querySelector('#def-exploding-gradient.aside-definition')!;
    expect(box.querySelector('dfn')!.textContent).toBe('Exploding gradient');
    expect(box.querySelector('.definition-glossary a')!.getAttribute('href')).toBe(
      '/glossary/#def-exploding-gradient',
    );
  });

  it('needs a term and a definition', async () => {
    await expect(render(Definition, { props: {}, slots: { default: 'x' } })).rejects.toThrow(
      '<Definition>: term must be the defined word or phrase as text, up to 80 characters (like "vanishing gradient"); received undefined',
    );
    await expect(render(Definition, { props: { term: 'depth' } })).rejects.toThrow(
      '<Definition term="depth">: write the definition between <Definition> and </Definition>',
    );
  });
});

describe('<Cite>', () => {
  it('rejects a key that is not a citation key before looking it up', async () => {
    await expect(render(Cite, { props: { key: 'Glorot 2010' } })).rejects.toThrow(
      '<Cite>: key must be a citation key from content/references.yaml, lowercase letters, digits and hyphens (like "glorot2010"); received "Glorot 2010"',
    );
    await expect(render(Cite, { props: { key: 'glorot2010', at: '' } })).rejects.toThrow(
      '<Cite key="glorot2010">: at must be text saying where in the work (like "eq. 16" or "section 8.2.5"); received ""',
    );
  });
});

describe('<TryThis>', () => {
  const list = (n: number) =>
    `<ul>${Array.from({ length: n }, (_, i) => `<li>Edit ${i + 1}</li>`).join('')}</ul>`;

  it('lists the edits and links to the playground it names', async () => {
    const document = await dom(TryThis, { props: { for: 'output-growth' }, slots: { default: list(2) } });
    expect(document.querySelectorAll('.try-this li')).toHaveLength(2);
    const link = document.querySelector('a[data-focus-playground]')!;
    expect(link.getAttribute('href')).toBe('#playground-output-growth');
  });

  it('needs two or three edits, as a list', async () => {
    await expect(render(TryThis, { props: {}, slots: { default: list(4) } })).rejects.toThrow(
      '<TryThis>: the suggestions must be a Markdown list of 2 or 3 items (one edit each, with what to look for); received 4 items',
    );
    await expect(render(TryThis, { props: {}, slots: { default: '<p>Change k.</p>' } })).rejects.toThrow(
      'received no list',
    );
  });

  it('rejects a `for` that cannot be a playground id', async () => {
    await expect(
      render(TryThis, { props: { for: 'Output Growth' }, slots: { default: list(2) } }),
    ).rejects.toThrow(
      '<TryThis>: for must be the id of a playground on the page (lowercase letters, digits and hyphens, like "output-growth"); received "Output Growth"',
    );
  });
});

describe('<Predict>', () => {
  it('writes the question, a form for JavaScript, and the answer with its unit in a closed <details>', async () => {
    const document = await dom(Predict, {
      props: { id: 'overflow', answer: 219, unit: 'layers', for: 'float32-overflow' },
      slots: { default: '<p>After how many layers?</p>', explanation: '<p>1.5 per layer.</p>' },
    });
    const element = document.querySelector('gs-predict')!;
    expect([element.getAttribute('data-answer'), element.getAttribute('data-for')]).toEqual([
      '219',
      'float32-overflow',
    ]);
    expect(element.querySelector('form')!.hasAttribute('hidden')).toBe(true);
    const details = element.querySelector('details')!;
    expect(details.hasAttribute('open')).toBe(false);
    expect(details.querySelector('summary')!.textContent).toBe('Show the answer');
    expect(details.querySelector('.predict-answer')!.textContent).toBe('The answer: 219\u00a0layers.');
    expect(details.querySelector('.predict-explanation')!.innerHTML).toBe('<p>1.5 per layer.</p>');
  });

  it('keeps ∞ as an answer, since an overflow is a result', async () => {
    const document = await dom(Predict, {
      props: { id: 'inf', answer: Infinity },
      slots: { default: 'What?' },
    });
    expect(document.querySelector('gs-predict')!.getAttribute('data-answer')).toBe('Infinity');
  });

  it('names the prop and what is allowed when a prop is wrong', async () => {
    await expect(
      render(Predict, { props: { id: 'p', answer: '219' }, slots: { default: 'Q' } }),
    ).rejects.toThrow(
      '<Predict id="p">: answer must be a number computed by the lesson (like answer={n.overflowLayer32}), not NaN; received "219"',
    );
    await expect(
      render(Predict, {
        props: { id: 'p', options: ['It explodes', 'It vanishes'], answer: 'It vanish' },
        slots: { default: 'Q' },
      }),
    ).rejects.toThrow(
      '<Predict id="p">: answer must be one of the options ("It explodes", "It vanishes"); did you mean "It vanishes"?; received "It vanish"',
    );
    await expect(
      render(Predict, { props: { id: 'p', kind: 'guess', answer: 1 }, slots: { default: 'Q' } }),
    ).rejects.toThrow('<Predict id="p">: kind must be one of number, range, choice; received "guess"');
    await expect(
      render(Predict, { props: { id: 'Overflow', answer: 1 }, slots: { default: 'Q' } }),
    ).rejects.toThrow(
      '<Predict id="Overflow">: id must be lowercase letters, digits and hyphens, starting with a letter (like "overflow-layer"); received "Overflow"',
    );
  });

  it('refuses an explanation written inside the question, where it would give the answer away', async () => {
    await expect(
      render(Predict, {
        props: { id: 'p', answer: 1 },
        slots: { default: '<p>How many? <div slot="explanation">One.</div></p>' },
      }),
    ).rejects.toThrow('<Predict id="p">: the slot "explanation" is inside the text; put a blank line before');
  });
});

describe('<NetworkDiagram>', () => {
  it('draws every unit of a small network, labelled x, a[l], ŷ, with a description for screen readers', async () => {
    const document = await dom(NetworkDiagram, {
      props: {
        layers: [2, 3, 1],
        weights: ['W1', 'W2'],
        activation: 'tanh',
        highlight: [2],
        label: 'A tiny net',
      },
    });
    const svg = document.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.querySelector('title')!.textContent).toBe('A tiny net');
    expect(svg.querySelectorAll('circle')).toHaveLength(6);
    // Every unit of one layer joins every unit of the next: 2·3 + 3·1 edges.
    expect(svg.querySelectorAll('.nd-edges line')).toHaveLength(9);
    expect([...svg.querySelectorAll('.nd-label')].map((label) => label.textContent)).toEqual([
      'x',
      'a[1]',
      'ŷ',
    ]);
    expect(svg.querySelector('desc')!.textContent).toBe(
      'A network of 2 weight layers. Input x: 2 units; hidden layer a[1]: 3 units; output ŷ: 1 unit. Weight matrices: W[1] = W1, W[2] = W2. Hidden layers apply the activation g = tanh. Highlighted: ŷ.',
    );
  });

  it('draws a deep, wide network as its first and last layers around an ellipsis', async () => {
    const document = await dom(NetworkDiagram, { props: { depth: 50, width: 100 } });
    expect(document.querySelectorAll('.nd-layer')).toHaveLength(5);
    expect(document.querySelector('.nd-ellipsis')!.textContent).toContain('46 more');
    expect([...document.querySelectorAll('.nd-small')].map((t) => t.textContent)).toContain('100 units');
    expect(drawnLayers(51)).toEqual([0, 1, 2, 'ellipsis', 49, 50]);
    expect(layerLabel({ layers: Array(51).fill(100) }, 49)).toBe('a^[49]');
  });

  it('names the prop and the allowed values when a prop is wrong', async () => {
    await expect(render(NetworkDiagram, { props: { layers: [2] } })).rejects.toThrow(
      '<NetworkDiagram>: layers must be a list of at least two unit counts, whole numbers from 1 to 4096 (like [2, 2, 2]); received [2]',
    );
    await expect(render(NetworkDiagram, { props: { depth: 3, width: 2, highlight: [4] } })).rejects.toThrow(
      '<NetworkDiagram>: highlight must be a list of layer indices from 0 (the input) to 3 (the output); received [4]',
    );
    await expect(render(NetworkDiagram, { props: { layers: [2, 2], arrows: 'up' } })).rejects.toThrow(
      '<NetworkDiagram>: arrows must be one of forward, backward, both; received "up"',
    );
    await expect(render(NetworkDiagram, { props: { depth: 3 } })).rejects.toThrow(
      '<NetworkDiagram>: width must be the units per layer, a whole number from 1 to 4096; received undefined',
    );
  });

  it('draws paths in the accent colour, unit by unit, and says which units they pass through', async () => {
    const document = await dom(NetworkDiagram, {
      props: {
        layers: [2, 2, 2, 1],
        paths: [
          [1, 1, 1, 1],
          [1, 1, 2, 1],
        ],
      },
    });
    // Three edges per path, one shared (x₁ → a[1]₁): five edges, and the five units they join.
    expect(document.querySelectorAll('.nd-edges line.nd-path')).toHaveLength(5);
    expect(document.querySelectorAll('circle.nd-path')).toHaveLength(5);
    expect(document.querySelector('desc')!.textContent).toContain(
      'Highlighted paths: x unit 1 → a[1] unit 1 → a[2] unit 1 → ŷ unit 1; x unit 1 → a[1] unit 1 → a[2] unit 2 → ŷ unit 1.',
    );
    expect(drawnUnitIndex(100, 100)).toBe(4);
    expect(drawnUnitIndex(100, 50)).toBeUndefined();
    await expect(
      render(NetworkDiagram, { props: { layers: [2, 2, 1], paths: [[1, 3, 1]] } }),
    ).rejects.toThrow(
      '<NetworkDiagram>: paths[0][1] must be a unit of layer 1 that the diagram draws (1 to 2); received 3',
    );
    await expect(render(NetworkDiagram, { props: { layers: [2, 2, 1], paths: [[1, 1]] } })).rejects.toThrow(
      '<NetworkDiagram>: paths must be a list of paths, each 3 unit numbers',
    );
  });

  it('describes hidden layers of different widths one by one', () => {
    expect(describeDiagram({ layers: [4, 8, 2, 1], arrows: 'backward' })).toBe(
      'A network of 3 weight layers. Input x: 4 units; hidden layer a[1]: 8 units; hidden layer a[2]: 2 units; output ŷ: 1 unit. An arrow shows the backward pass, from the output back to the input.',
    );
  });
});

describe('<Exercise>', () => {
  const check = `export default { function: 'double', cases: [1, 2, 3].map((x) => ({ args: [x], expected: 2 * x })) };`;
  const starter = 'export function double(x: number): number {\n  return x;\n}';
  const solution = 'export function double(x: number): number {\n  return 2 * x;\n}';

  it('writes the task, an editable playground whose Run button is Check, hints and the worked solution', async () => {
    const document = await dom(Exercise, {
      props: { name: 'double', title: 'Double it', starter, solution, check, hints: ['Multiply by $2$.'] },
      slots: { default: '<p>Write <code>double</code>.</p>' },
    });
    const playground = document.querySelector('gs-playground#playground-exercise-double')!;
    expect(playground.getAttribute('data-check')).toBe(check);
    expect(playground.querySelector('[data-action="run"]')!.textContent!.trim()).toBe('Check');
    expect(document.querySelectorAll('details.exercise-fold')).toHaveLength(2);
    expect(document.querySelector('details.exercise-fold .katex')).not.toBeNull();
    expect(document.querySelector('.exercise-solution')!.textContent).toContain('return 2 * x;');
    expect(document.querySelector('[data-role="solved"]')!.hasAttribute('hidden')).toBe(true);
  });

  it('stops the build when the worked solution fails its check', async () => {
    await expect(
      render(Exercise, {
        props: { name: 'double', starter, solution: solution.replace('2 * x', 'x + 2'), check },
        slots: { default: 'Task.' },
      }),
    ).rejects.toThrow(
      '<Exercise name="double">: its worked solution fails its own check: Case 1 of 3 fails: double(1) returned 3, but the engine gives 2: relative error 0.5, above the tolerance 1e-9.',
    );
  });

  it('stops the build when the starter already passes', async () => {
    await expect(
      render(Exercise, {
        props: { name: 'double', starter: solution, solution, check },
        slots: { default: 'Task.' },
      }),
    ).rejects.toThrow('<Exercise name="double">: its starter code passes the check');
  });

  it('names the prop and what is allowed when a prop is wrong', async () => {
    await expect(render(Exercise, { props: { name: 'Double', starter, solution, check } })).rejects.toThrow(
      '<Exercise>: name must be lowercase letters, digits and hyphens, starting with a letter (like "he-std"); received "Double"',
    );
    await expect(
      render(Exercise, { props: { name: 'double', starter, solution, check: '' } }),
    ).rejects.toThrow(
      '<Exercise name="double">: check must be the code of double.check.ts as a string (import it with \'?raw\'); received an empty string',
    );
    await expect(
      render(Exercise, {
        props: { name: 'double', starter, solution, check, hints: 'Multiply.' },
        slots: { default: 'T' },
      }),
    ).rejects.toThrow(
      '<Exercise name="double">: hints must be a list of up to 5 non-empty texts (inline Markdown); received "Multiply."',
    );
  });
});
