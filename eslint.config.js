// ESLint flat config: a modest rule set (ESLint and typescript-eslint recommended, Svelte recommended) plus the layering of STYLE.md point 10, checked by machine.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteParser from 'svelte-eslint-parser';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

// ---------------------------------------------------------------------------
// Layers. Each entry is a regular expression over the import specifier.
//
// The built-in rule sees the specifier as written, not the resolved file, so a
// folder is recognised by a chain of "../" followed by its name: from anywhere
// below the root, reaching `app/` takes `../…/app/`. A nested folder that
// happens to share a layer's name (say `renderer/src/app/`) would be reported
// too; none exists, and a false report is visible where a silent pass is not.
// ---------------------------------------------------------------------------

/** A folder at the root of the repository, reached by a relative import. */
const up = (folder) => String.raw`^(?:\.\./)+${folder}(?:/|$)`;

const nodeBuiltins = builtinModules.filter((m) => /^[\w/]+$/.test(m));

const ELECTRON = { regex: String.raw`^electron(?:/|$)`, message: 'This layer must not import Electron (STYLE.md point 10).' };
const NODE = {
  // `node:*` and the bare names of Node's built-in modules (fs, fs/promises, path, child_process, worker_threads, …).
  regex: String.raw`^(?:node:|(?:${nodeBuiltins.join('|')})(?:/|$))`,
  message: 'This layer runs without Node: no Node built-in modules (STYLE.md point 10).',
};
// The app host may move into app/electron, app/serve and app/host; the IPC contract lives at app/ipc-contract.ts or app/host/ipc-contract.ts.
const CONTRACT = String.raw`app/(?:host/)?ipc-contract(?:\.[cm]?[jt]s)?$`;
const APP_BUT_CONTRACT = {
  regex: String.raw`^(?:\.\./)+app(?:/|$)(?!(?:host/)?ipc-contract(?:\.[cm]?[jt]s)?$)`,
  message: 'This layer imports nothing from app/ but types from the IPC contract (STYLE.md point 10, 11).',
};
const CONTRACT_TYPES_ONLY = {
  regex: String.raw`^(?:\.\./)+${CONTRACT}`,
  allowTypeImports: true,
  message: 'Import the IPC contract with `import type` only: its values belong to the app host (STYLE.md point 11).',
};
const ELECTRON_MAIN = {
  // app/electron/** once the move lands; app/main, app/preload, app/window while they still sit at the top of app/.
  regex: String.raw`^(?:\.\./)+app/(?:electron(?:/|$)|(?:main|preload|window)(?:\.[cm]?[jt]s)?$)`,
  message: 'The CLI must not import the Electron main process (STYLE.md point 10).',
};
const folder = (name, why) => ({ regex: up(name), message: `${why} (STYLE.md point 10).` });

/**
 * One layer's restrictions as two rules: static imports and re-exports through
 * typescript-eslint's no-restricted-imports (which knows `import type`), and
 * dynamic `import()` / `require()` with a string literal through
 * no-restricted-syntax, which the import rule does not look at. A dynamic
 * import is never type-only, so every entry applies to it in full.
 */
function layer(entries) {
  // esquery ends a regex literal at the first "/", so slashes are written \x2F.
  const esq = (re) => re.replaceAll('/', String.raw`\x2F`);
  return {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      { patterns: entries.map(({ regex, message, allowTypeImports }) => ({ regex, message, ...(allowTypeImports ? { allowTypeImports } : {}) })) },
    ],
    'no-restricted-syntax': [
      'error',
      ...entries.flatMap(({ regex, message }) => [
        { selector: `ImportExpression[source.value=/${esq(regex)}/]`, message },
        { selector: `CallExpression[callee.name='require'][arguments.0.value=/${esq(regex)}/]`, message },
      ]),
    ],
  };
}

const layers = {
  // The engine: plain Node, no runtime above it.
  engine: layer([
    ELECTRON,
    folder('app', 'The engine imports nothing from app/'),
    folder('renderer', 'The engine imports nothing from renderer/'),
    folder('cli', 'The engine imports nothing from cli/'),
    folder('presentation', 'The engine imports nothing from presentation/'),
  ]),
  // The runtime-free presentation model: used by the renderer and the CLI alike.
  presentation: layer([
    NODE,
    ELECTRON,
    APP_BUT_CONTRACT,
    CONTRACT_TYPES_ONLY,
    folder('cli', 'presentation/ imports nothing from cli/'),
    folder('renderer', 'presentation/ imports nothing from renderer/'),
  ]),
  // The renderer: a browser page (sandboxed, context-isolated) and the SSR export.
  renderer: layer([NODE, ELECTRON, APP_BUT_CONTRACT, CONTRACT_TYPES_ONLY]),
  // The CLI and `lkanalyze serve` never load the Electron main process.
  cli: layer([ELECTRON, ELECTRON_MAIN]),
};

export default defineConfig(
  {
    ignores: ['dist/', 'out/', 'test-results/', 'samples/golden/', '.cache/', 'renderer/dist/', '**/*.tsbuildinfo'],
  },
  {
    // A disable comment that no longer hides anything is an error, so the existing ones stay honest.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      // The code drops a key from an object by destructuring it to an underscore name beside a rest
      // (`({ lineIndex: _, ...e }) => e`); the rest is what is used, so such a sibling is not unused.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    // A CommonJS TypeScript module (the sandboxed preload) can only import with `import x = require('…')`
    // under verbatimModuleSyntax; that form stays allowed there, a bare require() call does not.
    files: ['**/*.cts'],
    rules: { '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }] },
  },
  {
    // TypeScript inside components: the Svelte parser hands <script lang="ts"> to typescript-eslint's parser.
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parser: svelteParser,
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
    },
  },
  {
    files: ['renderer/**'],
    ignores: ['renderer/*.config.*'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // tsc already reports undefined names in TypeScript (typescript-eslint turns no-undef off for .ts);
    // in components it would also flag type-only names, so the same holds for .svelte.
    files: ['**/*.svelte'],
    rules: { 'no-undef': 'off' },
  },
  // Layering (STYLE.md point 10). Each file falls in one folder, so each gets one set of these two rules.
  { files: ['analyzers/**'], rules: layers.engine },
  { files: ['presentation/**'], rules: layers.presentation },
  // renderer/vite.config.ts is build tooling run by Node, not code of the page.
  { files: ['renderer/**'], ignores: ['renderer/*.config.*'], rules: layers.renderer },
  { files: ['cli/**'], rules: layers.cli },
);
