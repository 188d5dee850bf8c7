import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin } from 'vite';
import { defineConfig } from 'vite';

/** Svelte's error messages carry links to its website; the app names no remote URL, so they become plain codes. */
function noRemoteUrls(): Plugin {
  return {
    name: 'lkanalyze-no-remote-urls',
    renderChunk(code) {
      return code.includes('https://svelte.dev/e/') ? { code: code.replaceAll('https://svelte.dev/e/', 'svelte error: '), map: null } : null;
    },
  };
}

// Two builds from one source: the app's client bundle (dist/renderer), and a
// server bundle that renders the same Report component to a standalone HTML
// export (dist/renderer-ssr/export.js, svelte bundled in).
export default defineConfig(({ isSsrBuild }) => ({
  root: 'renderer',
  base: './',
  plugins: [svelte(), noRemoteUrls()],
  ssr: { noExternal: true },
  build: isSsrBuild
    ? { outDir: '../dist/renderer-ssr', emptyOutDir: true, rollupOptions: { input: 'renderer/src/export.ts', output: { entryFileNames: 'export.js' } } }
    : { outDir: '../dist/renderer', emptyOutDir: true, assetsInlineLimit: 0 },
}));
