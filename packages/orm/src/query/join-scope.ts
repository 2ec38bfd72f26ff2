import type { SqlBuilder } from './builder.js';
import type { Expression } from './expressions.js';
import { QNode } from './q.js';
import { compileNode } from './where.js';
import type { QueryState } from './state.js';

/** The annotations of a state, by name. */
export function annotationsOf(state: QueryState): Map<string, Expression> {
  return new Map(state.annotations);
}

/**
 * Registers each annotation's renderer on the builder: compiled outside WHERE scoping, reusing
 * the joins of the `filter()` calls made before the `annotate()` call, as Django does.
 */
export function registerAnnotations(builder: SqlBuilder, state: QueryState): void {
  builder.filterUses = filterUses(builder, state);
  builder.compileCondition = (node) => compileNode(builder, node, new Map(), undefined);
  state.annotations.forEach(([name, expr], i) => {
    const before = state.annotatedAt[i] ?? 0;
    builder.annotationSql.set(name, () =>
      builder.outsideWhere(before, () => expr.compile(builder)),
    );
  });
}

/** Which `filter()` calls go through each multi-valued path (probed once per compile). */
function filterUses(builder: SqlBuilder, state: QueryState): (path: string) => readonly number[] {
  let uses: Map<string, number[]> | undefined;
  const annotations = annotationsOf(state);
  const visit = (node: QNode, call: number) => {
    for (const child of node.children) {
      if (child instanceof QNode) {
        visit(child, call);
        continue;
      }
      const parts = child[0].split('__');
      if (annotations.has(parts[0]!)) continue;
      let paths: Set<string>;
      try {
        paths = builder.multiValuedPaths(parts);
      } catch {
        continue; // reported when the condition itself compiles
      }
      for (const path of paths) {
        const calls = uses!.get(path) ?? [];
        if (!calls.includes(call)) calls.push(call);
        uses!.set(path, calls);
      }
    }
  };
  return (path) => {
    if (uses === undefined) {
      uses = new Map();
      state.where.forEach((node, call) => visit(node, call));
    }
    return uses.get(path) ?? [];
  };
}
