import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

// Two builds from one source: the app's client bundle (dist/renderer), and a
// server bundle that renders the same Report component to a standalone HTML
// export (dist/renderer-ssr/export.js, svelte bundled in).
export default defineConfig(({ isSsrBuild }) => ({
  root: 'renderer',
  base: './',
  plugins: [svelte()],
  ssr: { noExternal: true },
  build: isSsrBuild
    ? { outDir: '../dist/renderer-ssr', emptyOutDir: true, rollupOptions: { input: 'renderer/src/export.ts', output: { entryFileNames: 'export.js' } } }
    : { outDir: '../dist/renderer', emptyOutDir: true, assetsInlineLimit: 0 },
}));
