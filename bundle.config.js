// The CLI as one bundle (issue 21): `npm run build` compiles with tsc, then `node bundle.config.js` (npm run
// bundle) has rolldown (vite's bundler, installed with it) bundle the compiled CLI, its worker entries and the rule
// catalogue generator into dist/bundle/. An analysis then loads 19 files and no CommonJS instead of resolving and
// compiling ~160 modules, in its process and in every worker thread. Dynamic imports stay chunks loaded when used
// (serve, ls, cat, grep, the changes between archives).
//
// Layout: every file sits flat in dist/bundle/, so that what the code finds from import.meta.url holds in both
// layouts, compiled and bundled: a worker's entry beside the chunk that starts it
// (`new URL('./archive-worker.js', import.meta.url)`); from dist/bundle/ as from dist/analyzers/ and dist/cli/,
// the pattern pack (analyzers/patterns/) and package.json two folders up; from dist/bundle/ as from the sources in
// app/serve/ and app/host/, the renderer's builds in dist/ (app/serve/serve.ts, app/host/export.ts). Moving the
// bundle breaks these, and test/bundle.test.ts says which. dist/bundle/modules.json names each compiled module
// bundled with its SHA-256, so that the test can tell a bundle older than the compiled code.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, defineConfig } from 'rolldown';

const NODE = new Set(builtinModules);

/**
 * What stays an import: Node's own modules, playwright-core (loaded only for a PDF, large, and it finds its browsers
 * from its own folder) and Electron (never reached by the CLI). The npm packages the engine loads, yauzl and its
 * dependency, are bundled: as CommonJS they cost each thread Node's CommonJS loader, 50 ms of CPU in every worker's
 * start (docs/performance.md, "Session 10: one bundle").
 */
function external(id) {
  return id.startsWith('node:') || NODE.has(id) || id === 'playwright-core' || id.startsWith('playwright-core/') || id === 'electron';
}

/** dist/bundle/modules.json: the compiled modules in the bundle (paths from the project's root) and their SHA-256. */
function moduleList() {
  return {
    name: 'lkanalyze-module-list',
    generateBundle(_options, bundle) {
      const ids = new Set();
      for (const file of Object.values(bundle)) if (file.type === 'chunk') for (const id of file.moduleIds) if (!id.startsWith('\0')) ids.add(id);
      const modules = Object.fromEntries([...ids].sort().map((id) => [relative(process.cwd(), id).split('\\').join('/'), createHash('sha256').update(readFileSync(id)).digest('hex')]));
      this.emitFile({ type: 'asset', fileName: 'modules.json', source: `${JSON.stringify(modules, null, 1)}\n` });
    },
  };
}

const config = defineConfig({
  input: {
    run: 'dist/cli/run.js',
    'rules-doc': 'dist/cli/rules-doc.js',
    'archive-worker': 'dist/analyzers/engine/workers/archive-worker.js',
    'grep-worker': 'dist/analyzers/engine/workers/grep-worker.js',
    'watch-worker': 'dist/analyzers/engine/workers/watch-worker.js',
  },
  platform: 'node',
  external,
  plugins: [moduleList()],
  output: {
    dir: 'dist/bundle',
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: '[name]-[hash].js',
    cleanDir: true,
  },
});

export default config;

// Run as a script (npm run bundle), it builds with nothing printed but rolldown's warnings; `rolldown -c bundle.config.js` also works.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await build(config);
