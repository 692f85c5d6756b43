/**
 * Small builders and readers for the MDX syntax tree, shared by the lesson plugins: an `import` the page did not
 * write, a `{…}` attribute, the names a page's own imports and exports already declare. MDX compiles ESM and
 * attribute expressions from their estree (`data.estree`), so each node carries one next to its source text.
 */
import type { Expression, ModuleDeclaration, Program, Statement } from 'estree';
import type { Root, RootContent } from 'mdast';
import type { MdxJsxAttribute, MdxJsxFlowElement, MdxJsxTextElement, MdxjsEsm } from 'mdast-util-mdx';

/** A `<Component …>` in MDX, as a block or inside a paragraph. */
export type MdxJsxElement = MdxJsxFlowElement | MdxJsxTextElement;

/** What an injected import binds: `default`, the namespace (`*`) or a named export. */
export type ImportKind = { kind: 'default' } | { kind: 'namespace' } | { kind: 'named'; imported: string };

/**
 * An ESM node `import <local> from '<source>'` (or `* as local`, or `{ imported as local }`).
 *
 * @example
 * esmImport('n', './deep-linear-network/numbers.ts', { kind: 'namespace' });
 * // the node of: import * as n from './deep-linear-network/numbers.ts';
 */
export function esmImport(local: string, source: string, what: ImportKind): MdxjsEsm {
  const localId = { type: 'Identifier' as const, name: local };
  const specifier =
    what.kind === 'default'
      ? { type: 'ImportDefaultSpecifier' as const, local: localId }
      : what.kind === 'namespace'
        ? { type: 'ImportNamespaceSpecifier' as const, local: localId }
        : {
            type: 'ImportSpecifier' as const,
            imported: { type: 'Identifier' as const, name: what.imported },
            local: localId,
          };
  const binding =
    what.kind === 'default'
      ? local
      : what.kind === 'namespace'
        ? `* as ${local}`
        : `{ ${what.imported} as ${local} }`;
  const program: Program = {
    type: 'Program',
    sourceType: 'module',
    body: [
      {
        type: 'ImportDeclaration',
        specifiers: [specifier],
        source: { type: 'Literal', value: source, raw: JSON.stringify(source) },
        attributes: [],
      },
    ],
  };
  return {
    type: 'mdxjsEsm',
    value: `import ${binding} from ${JSON.stringify(source)};`,
    data: { estree: program },
  };
}

/**
 * A JSX attribute whose value is an expression: `name={identifier}` or `name={42}`.
 *
 * @example
 * expressionAttribute('code', { identifier: '__example_output_growth' }); // code={__example_output_growth}
 */
export function expressionAttribute(
  name: string,
  value: { identifier: string } | { number: number },
): MdxJsxAttribute {
  const expression: Expression =
    'identifier' in value
      ? { type: 'Identifier', name: value.identifier }
      : { type: 'Literal', value: value.number, raw: String(value.number) };
  const source = 'identifier' in value ? value.identifier : String(value.number);
  return {
    type: 'mdxJsxAttribute',
    name,
    value: {
      type: 'mdxJsxAttributeValueExpression',
      value: source,
      data: {
        estree: {
          type: 'Program',
          sourceType: 'module',
          body: [{ type: 'ExpressionStatement', expression }],
        },
      },
    },
  };
}

/**
 * The attribute `name` of an element, or `undefined`.
 *
 * @example
 * attribute(node, 'example')?.value; // 'output-growth'
 */
export function attribute(node: MdxJsxElement, name: string): MdxJsxAttribute | undefined {
  return node.attributes.find(
    (candidate): candidate is MdxJsxAttribute =>
      candidate.type === 'mdxJsxAttribute' && candidate.name === name,
  );
}

/** True for a `<Name …>` JSX element in MDX (block or inline). */
export function isJsxElement(node: { type: string }): node is MdxJsxElement {
  return node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement';
}

/**
 * Every name the page's own `import` and `export` statements declare, so injected imports never clash with them.
 *
 * @example
 * declaredNames(tree); // Set { 'Figure', 'n', 'fmt' } for a lesson that still imports them itself
 */
export function declaredNames(tree: Root): Set<string> {
  const names = new Set<string>();
  for (const node of tree.children) {
    if (node.type !== 'mdxjsEsm') continue;
    for (const statement of node.data?.estree?.body ?? []) collectDeclared(statement, names);
  }
  return names;
}

function collectDeclared(statement: Statement | ModuleDeclaration, names: Set<string>): void {
  if (statement.type === 'ImportDeclaration') {
    for (const specifier of statement.specifiers) names.add(specifier.local.name);
    return;
  }
  const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
  if (!declaration) return;
  if (declaration.type === 'VariableDeclaration') {
    for (const declarator of declaration.declarations) {
      if (declarator.id.type === 'Identifier') names.add(declarator.id.name);
    }
  } else if (
    (declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') &&
    declaration.id
  ) {
    names.add(declaration.id.name);
  }
}

/**
 * An error at a node of a lesson: the message says where, and `line`/`column` let Astro point at the spot.
 *
 * @example
 * throw errorAt(node, 'content/1-phenomenon/x.mdx:12: <Playground> needs example="<name>"');
 */
export function errorAt(
  node: { position?: { start: { line: number; column: number } } },
  message: string,
): Error {
  return Object.assign(new Error(message), {
    line: node.position?.start.line,
    column: node.position?.start.column,
  });
}

/** Puts ESM nodes at the top of the page, where imports belong. */
export function prependEsm(tree: Root, nodes: readonly MdxjsEsm[]): void {
  tree.children.unshift(...(nodes as RootContent[]));
}
