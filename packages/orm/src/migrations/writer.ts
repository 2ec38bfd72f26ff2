import { Field } from '../fields/field.js';
import { CheckConstraint, Index, UniqueConstraint } from '../model/options.js';
import { QNode } from '../query/q.js';
import { deconstructField } from './deconstruct.js';
import { MigrationError } from './errors.js';
import type { MigrationKey } from './migration.js';
import { Operation } from './operations/base.js';

/** What the writer turns into a migration file. */
export interface MigrationSource {
  readonly app: string;
  readonly dependencies: readonly MigrationKey[];
  readonly operations: readonly Operation[];
  readonly replaces?: readonly MigrationKey[];
  readonly initial?: boolean;
}

const WIDTH = 100;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function quote(value: string): string {
  return `'${value
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\u2028|\u2029/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)}'`;
}

function key(name: string): string {
  // `__proto__: x` (quoted or not) would set the prototype; a computed key defines the property.
  if (name === '__proto__') return `[${quote(name)}]`;
  return IDENTIFIER.test(name) ? name : quote(name);
}

/** Where a migration file imports a function from: the export's name and the module specifier. */
export interface FunctionReference {
  readonly name: string;
  readonly module: string;
}

/** Finds the module exporting a function (`undefined`: none does). */
export type FunctionResolver = (fn: (...args: never[]) => unknown) => FunctionReference | undefined;

/** Renders values as TypeScript source, collecting the names to import. */
class Renderer {
  readonly imports = new Set<string>(['Migration']);
  /** Functions imported from the app's modules, in the order first met, with where they come from. */
  readonly functions = new Map<(...args: never[]) => unknown, FunctionReference>();
  private model = '';
  private inField = false;

  constructor(
    readonly app: string,
    private readonly resolveFunction: FunctionResolver = () => undefined,
    /** Local names for functions whose exported name is taken (see `localNames`). */
    private readonly aliases: ReadonlyMap<(...args: never[]) => unknown, string> = new Map(),
  ) {}

  /** A module-level function, by the name its module exports it under (Django's function serializer). */
  private fn(value: (...args: never[]) => unknown): string {
    const ref = this.resolveFunction(value);
    if (ref === undefined || !IDENTIFIER.test(ref.name))
      throw new MigrationError(
        `Cannot write the function ${quote(value.name || 'anonymous')} (in ${this.app}.${this.model}) into a migration: ` +
          "a migration imports a function by name, so export it from the app's models module (an inline function cannot be imported).",
      );
    this.functions.set(value, ref);
    return this.aliases.get(value) ?? ref.name;
  }

  /** The import lines of the functions, one per module, each name under its local name. */
  functionImports(): string {
    const byModule = new Map<string, string[]>();
    for (const [fn, ref] of this.functions) {
      const local = this.aliases.get(fn);
      let names = byModule.get(ref.module);
      if (names === undefined) byModule.set(ref.module, (names = []));
      names.push(local === undefined ? ref.name : `${ref.name} as ${local}`);
    }
    return [...byModule]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(
        ([module, names]) =>
          `\nimport { ${names.sort((a, b) => a.localeCompare(b)).join(', ')} } from ${quote(module)};`,
      )
      .join('');
  }

  /** A list or object laid out on one line when it fits, one item per line otherwise. */
  private group(open: string, items: string[], close: string, indent: string): string {
    const inline = `${open}${open === '{' && items.length > 0 ? ' ' : ''}${items.join(', ')}${open === '{' && items.length > 0 ? ' ' : ''}${close}`;
    if (indent.length + inline.length <= WIDTH - 10 && !inline.includes('\n')) return inline;
    const inner = `${indent}  `;
    return `${open}\n${items.map((item) => `${inner}${item},`).join('\n')}\n${indent}${close}`;
  }

  private object(entries: Array<[string, unknown]>, indent: string): string {
    const inner = `${indent}  `;
    return this.group(
      '{',
      entries
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${key(k)}: ${this.value(v, inner)}`),
      '}',
      indent,
    );
  }

  private call(name: string, args: string[]): string {
    this.imports.add(name);
    return `new ${name}(${args.join(', ')})`;
  }

  private field(field: Field<unknown, boolean>, indent: string): string {
    const d = deconstructField(field, this.app);
    const args = d.to === undefined ? [] : [quote(d.to)];
    if (Object.keys(d.options).length > 0) {
      this.inField = true;
      try {
        args.push(this.object(Object.entries(d.options), indent));
      } finally {
        this.inField = false;
      }
    }
    return this.call(d.className, args);
  }

  private q(node: QNode): string {
    this.imports.add('Q');
    const leaves = node.children.filter(
      (c): c is readonly [string, unknown] => !(c instanceof QNode),
    );
    let out: string;
    if (leaves.length === node.children.length) {
      out = `Q(${this.object(
        leaves.map(([k, v]) => [k, v]),
        '',
      )})`;
    } else {
      const parts = node.children.map((c) =>
        c instanceof QNode ? this.q(c) : `Q(${this.object([[c[0], c[1]]], '')})`,
      );
      const method = node.connector === 'AND' ? 'and' : 'or';
      out = parts.slice(1).reduce((acc, part) => `${acc}.${method}(${part})`, parts[0] ?? 'Q()');
    }
    return node.negated ? `${out}.not()` : out;
  }

  value(value: unknown, indent: string): string {
    if (value === null) return 'null';
    if (typeof value === 'string') return quote(value);
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (value instanceof Date) return `new Date(${quote(value.toISOString())})`;
    if (Array.isArray(value))
      return this.group(
        '[',
        value.map((v) => this.value(v, `${indent}  `)),
        ']',
        indent,
      );
    // A field's function option (uploadTo) is imported; RunCode's code is written by hand.
    if (typeof value === 'function' && this.inField)
      return this.fn(value as (...args: never[]) => unknown);
    if (value instanceof Operation) {
      const op = value as unknown as { modelName?: unknown; name?: unknown };
      this.model = String(op.modelName ?? op.name ?? '');
      return this.call(value.constructor.name, [
        this.object(Object.entries(value.deconstruct()), indent),
      ]);
    }
    if (value instanceof Field) return this.field(value as Field<unknown, boolean>, indent);
    if (
      value instanceof Index ||
      value instanceof UniqueConstraint ||
      value instanceof CheckConstraint
    )
      return this.call(value.constructor.name, [
        this.object(Object.entries(value.options), indent),
      ]);
    if (value instanceof QNode) return this.q(value);
    if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
      return this.object(Object.entries(value), indent);
    throw new MigrationError(
      `Cannot write ${typeof value === 'function' ? 'a function' : String(value)} into a migration file: use literal values (RunCode migrations are written by hand).`,
    );
  }
}

/**
 * Local names for the imported functions that would clash: two modules exporting the same name
 * (`uploadTo` in two apps), or a function named like something the writer imports from the ORM.
 * The first keeps its name; each later one becomes `name_2`, `name_3`, ... (Django's writer
 * imports modules, not names, so it never meets this).
 */
function localNames(renderer: Renderer): Map<(...args: never[]) => unknown, string> {
  const taken = new Set(renderer.imports);
  const aliases = new Map<(...args: never[]) => unknown, string>();
  for (const [fn, ref] of renderer.functions) {
    let local = ref.name;
    for (let n = 2; taken.has(local); n++) local = `${ref.name}_${n}`;
    if (local !== ref.name) aliases.set(fn, local);
    taken.add(local);
  }
  return aliases;
}

/**
 * The TypeScript source of a migration file: readable, one operation per block, importing
 * every name it uses from `ormModule` (default `'@stack/orm'`).
 *
 * @example
 * ```ts
 * renderMigration({ app: 'blog', dependencies: [['blog', '0001_initial']], operations: [new RemoveField({ modelName: 'Post', name: 'body' })] });
 * // import { Migration, RemoveField } from '@stack/orm';
 * // export default new Migration({ dependencies: [['blog', '0001_initial']], operations: [new RemoveField({ … })] });
 * ```
 */
export function renderMigration(
  source: MigrationSource,
  options: { ormModule?: string; header?: string; resolveFunction?: FunctionResolver } = {},
): string {
  const first = new Renderer(source.app, options.resolveFunction);
  const text = render(source, options, first);
  const aliases = localNames(first);
  // Aliases are known once every name is collected; the layout depends on them, so render again.
  return aliases.size === 0
    ? text
    : render(source, options, new Renderer(source.app, options.resolveFunction, aliases));
}

const HEADER = '// Generated by stack makemigrations. Review it like any other code.';

function render(
  source: MigrationSource,
  options: { ormModule?: string; header?: string },
  renderer: Renderer,
): string {
  const entries: string[] = [];
  if (source.initial === true) entries.push('  initial: true,');
  if (source.replaces !== undefined && source.replaces.length > 0)
    entries.push(
      `  replaces: ${renderer.value(
        source.replaces.map((k) => [...k]),
        '  ',
      )},`,
    );
  entries.push(
    `  dependencies: ${renderer.value(
      source.dependencies.map((k) => [...k]),
      '  ',
    )},`,
  );
  const ops = source.operations.map((op) => `    ${renderer.value(op, '    ')},`);
  entries.push(ops.length === 0 ? '  operations: [],' : `  operations: [\n${ops.join('\n')}\n  ],`);
  const names = [...renderer.imports].sort((a, b) => a.localeCompare(b));
  const importLine = `import { ${names.join(', ')} } from ${quote(options.ormModule ?? '@stack/orm')};`;
  const imports =
    importLine.length <= WIDTH
      ? importLine
      : `import {\n${names.map((n) => `  ${n},`).join('\n')}\n} from ${quote(options.ormModule ?? '@stack/orm')};`;
  const functionImports = renderer.functionImports();
  return `${options.header ?? HEADER}\n${imports}${functionImports}\n\nexport default new Migration({\n${entries.join('\n')}\n});\n`;
}
