// Old path of app/serve/serve.ts, kept only for imports in another lane (test/e2e/app.e2e.test.ts); delete once it imports app/serve/serve.js.
export type { Served, ServeOptions } from './serve/serve.js';
export { serve } from './serve/serve.js';
