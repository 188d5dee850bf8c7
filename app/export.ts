// Old path of app/host/export.ts, kept only for imports in other lanes (test/redaction, test/export-escaping, test/bounded-history, test/e2e/browser.ts); delete once they import app/host/export.js.
export { chromiumPath, renderHtml } from './host/export.js';
