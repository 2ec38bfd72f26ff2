/**
 * The ORM's internal layers, bottom-up: a file imports values only from its own layer or the
 * layers below it (`import type` may point anywhere: types vanish at compile time, and a model
 * and its manager are typed in terms of each other). `scripts/check-cycles.mjs` enforces this
 * table and the absence of import cycles.
 */
export const layers = [
  {
    name: 'errors, signals, dialects, connections, transactions',
    files: [
      'src/errors.ts',
      'src/signals.ts',
      'src/internal/',
      'src/connections.ts',
      'src/transaction.ts',
    ],
  },
  { name: 'fields', files: ['src/fields/'] },
  {
    name: 'model meta and instance state',
    files: [
      'src/model/options.ts',
      'src/model/registry.ts',
      'src/model/state.ts',
      'src/model/types.ts',
    ],
  },
  {
    name: 'query data: Q, F, expressions, the query state',
    files: ['src/query/q.ts', 'src/query/expressions.ts', 'src/query/state.ts'],
  },
  {
    name: 'SQL compiler (lookups, joins, ordering, schema operations)',
    files: [
      'src/query/builder.ts',
      'src/query/lookups.ts',
      'src/query/where.ts',
      'src/query/join-scope.ts',
      'src/query/ordering.ts',
      'src/query/compiler.ts',
      'src/schema/',
    ],
  },
  { name: 'executor', files: ['src/query/execute.ts'] },
  { name: 'QuerySet and managers', files: ['src/query/'] },
  { name: 'Model and defineModel', files: ['src/model/'] },
  { name: 'migrations', files: ['src/migrations/'] },
  { name: 'the public entry', files: ['src/index.ts'] },
];
