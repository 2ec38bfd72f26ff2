import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layers } from './layers.config.mjs';

const allPackages = Object.keys(layers).filter((name) => layers[name] !== '*');

// No deep imports across packages: a sibling is reached only through its public entry.
// `@stack/framework/<layer>` subpaths are public entries of the meta-package, not deep imports,
// and so is `@stack/core/test` (the test cases, kept apart so vitest loads only in tests).
const deepImport = {
  group: ['@stack/*/*', '!@stack/framework/*', '!@stack/core/test'],
  message: 'Import a Stack package through its public entry (`@stack/x`), never its files.',
};

/** One `no-restricted-imports` block per package, built from the layer table. */
function layerRules() {
  return Object.entries(layers).map(([name, allowed]) => {
    const dir = name === '@stack/bench' ? 'bench' : `packages/${name.slice('@stack/'.length)}`;
    const forbidden =
      allowed === '*' ? [] : allPackages.filter((p) => p !== name && !allowed.includes(p));
    return {
      files: [`${dir}/**/*.ts`, `${dir}/**/*.mts`, `${dir}/**/*.js`, `${dir}/**/*.mjs`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            paths: forbidden.map((p) => ({
              name: p,
              message: `${name} may not import ${p}: an arrow never points up the layer table (see CONTRIBUTING.md and layers.config.mjs).`,
            })),
            patterns: [deepImport],
          },
        ],
      },
    };
  });
}

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.turbo/**',
      '**/coverage/**',
      // The benchmarks' esbuild output (bench/lib/node-args.ts): generated, and git-ignored.
      'bench/.compiled/**',
      'templates/package/**',
      'apps/*/migrations/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        queueMicrotask: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        AbortController: 'readonly',
        structuredClone: 'readonly',
        fetch: 'readonly',
        Request: 'readonly',
        Response: 'readonly',
        Headers: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-empty-object-type': 'off',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { patterns: [deepImport] }],
    },
  },
  ...layerRules(),
);
