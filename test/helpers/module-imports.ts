/**
 * What a built ES module loads, read from its syntax tree (vite's parser, so strings and
 * comments that merely mention a package do not count): static imports and re-exports,
 * import() and require() with a literal name, and those that name no literal.
 */
import { parseAst } from 'vite';

export interface ModuleLoads {
  /** Every literal specifier, in order of appearance (duplicates kept once). */
  specifiers: string[];
  /** import(x) or require(x) whose x is not a literal string (unknown at build time): the callee's name each. */
  computed: string[];
}

type Node = { type: string; [key: string]: unknown };

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}

function literal(v: unknown): string | null {
  return isNode(v) && v.type === 'Literal' && typeof v.value === 'string' ? v.value : null;
}

export function moduleLoads(code: string): ModuleLoads {
  const specifiers = new Set<string>();
  const computed: string[] = [];
  // Names bound to a require function: `require` itself and `x = createRequire(...)`.
  const requireNames = new Set(['require']);
  const nodes: Node[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    if (!isNode(v)) return;
    nodes.push(v);
    for (const [k, x] of Object.entries(v)) if (k !== 'type') walk(x);
  };
  walk(parseAst(code));
  for (const n of nodes) {
    if (n.type === 'VariableDeclarator' && isNode(n.init) && n.init.type === 'CallExpression') {
      const callee = n.init.callee;
      if (isNode(callee) && callee.type === 'Identifier' && callee.name === 'createRequire' && isNode(n.id) && n.id.type === 'Identifier') {
        requireNames.add(String(n.id.name));
      }
    }
  }
  for (const n of nodes) {
    if (n.type === 'ImportDeclaration' || n.type === 'ExportNamedDeclaration' || n.type === 'ExportAllDeclaration') {
      const s = literal(n.source);
      if (s !== null) specifiers.add(s);
    } else if (n.type === 'ImportExpression') {
      const s = literal(n.source);
      if (s === null) computed.push('import');
      else specifiers.add(s);
    } else if (n.type === 'CallExpression' && isNode(n.callee) && n.callee.type === 'Identifier' && requireNames.has(String(n.callee.name))) {
      const s = literal((n.arguments as unknown[])[0]);
      if (s === null) computed.push(String(n.callee.name));
      else specifiers.add(s);
    }
  }
  return { specifiers: [...specifiers], computed };
}

/** A specifier's package name ('@scope/name' or 'name'); null for relative paths and builtins. */
export function packageOf(specifier: string, builtins: ReadonlySet<string>): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/') || builtins.has(specifier) || specifier.startsWith('node:')) return null;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return builtins.has(name) ? null : name;
}
