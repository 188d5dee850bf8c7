// The layering of STYLE.md point 10 is checked by ESLint: these deliberate breaches, linted as scratch text under the real config, must each be reported.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const LAYER_RULES = new Set(['@typescript-eslint/no-restricted-imports', 'no-restricted-syntax']);

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root, overrideConfigFile: fileURLToPath(new URL('../eslint.config.js', import.meta.url)) });
});

/** The layering problems ESLint reports for `code` placed at `filePath` (relative to the repository root). */
async function breaches(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  if (!result) throw new Error(`ESLint returned no result for ${filePath}`);
  // A parse error or an ignored file would hide every breach: fail loudly instead of passing.
  const fatal = result.messages.filter((m) => m.fatal || m.ruleId === null);
  expect(fatal.map((m) => m.message)).toEqual([]);
  return result.messages.filter((m) => m.ruleId !== null && LAYER_RULES.has(m.ruleId)).map((m) => `${m.line}: ${m.message}`);
}

const reported = async (filePath: string, code: string) => expect(await breaches(filePath, code)).toHaveLength(code.trim().split('\n').length);
const allowed = async (filePath: string, code: string) => expect(await breaches(filePath, code)).toEqual([]);

describe('the engine (analyzers/)', () => {
  it('may not import Electron, even for types, even dynamically', async () => {
    await reported('analyzers/engine/x.ts', `import { app } from 'electron';`);
    await reported('analyzers/engine/x.ts', `import type { BrowserWindow } from 'electron';`);
    await reported('analyzers/rules/some-rule/index.ts', `export { ipcMain } from 'electron/main';`);
    await reported('analyzers/engine/x.ts', `export const e = await import('electron');`);
  });
  it('may not import from app/, renderer/, cli/ or presentation/', async () => {
    await reported(
      'analyzers/engine/run/x.ts',
      [
        `import { Session } from '../../../app/host/session.js';`,
        `import { main } from '../../../app/electron/main.js';`,
        `import { serve } from '../../../app/serve.js';`,
        `import type { Row } from '../../../renderer/src/view.js';`,
        `import { formatText } from '../../../cli/format-text.js';`,
        `import type { Model } from '../../../presentation/model.js';`,
      ].join('\n'),
    );
  });
  it('may use Node and its own modules', async () => {
    await allowed(
      'analyzers/engine/x.ts',
      [`import { readFile } from 'node:fs/promises';`, `import { Worker } from 'worker_threads';`, `import type { Report } from './report/report.js';`].join('\n'),
    );
  });
});

describe('the renderer (renderer/)', () => {
  it('may not import Node, by node: name or bare name', async () => {
    await reported('renderer/src/x.ts', `import { readFileSync } from 'node:fs';`);
    await reported(
      'renderer/src/x.ts',
      ['fs', 'fs/promises', 'path', 'child_process', 'worker_threads', 'zlib', 'os', 'crypto', 'url', 'stream', 'http'].map((m, i) => `import * as m${i} from '${m}';`).join('\n'),
    );
  });
  it('may not import Node or Electron from a component either', async () => {
    const component = (line: string) => `<script lang="ts">\n  ${line}\n</script>\n`;
    expect(await breaches('renderer/src/components/X.svelte', component(`import { readFileSync } from 'node:fs';`))).toHaveLength(1);
    expect(await breaches('renderer/src/components/X.svelte', component(`import { ipcRenderer } from 'electron';`))).toHaveLength(1);
  });
  it('may import the IPC contract for types only, wherever the contract lives, and nothing else from app/', async () => {
    await allowed('renderer/src/bridge.ts', `import type { Bridge } from '../../app/ipc-contract.js';\nimport type { Result } from '../../app/host/ipc-contract.js';`);
    await reported('renderer/src/bridge.ts', `import { CHANNELS } from '../../app/host/ipc-contract.js';`);
    await reported('renderer/src/bridge.ts', `export const c = await import('../../app/ipc-contract.js');`);
    await reported(
      'renderer/src/bridge.ts',
      [
        `import type { Session } from '../../app/host/session.js';`,
        `import { serve } from '../../app/serve/serve.js';`,
        `import type { X } from '../../app/electron/window.js';`,
        `import { renderHtml } from '../../app/export.js';`,
      ].join('\n'),
    );
  });
  it('leaves its build config, which Node runs, free to use Node', async () => {
    await allowed('renderer/vite.config.ts', `import { resolve } from 'node:path';`);
  });
  it('may import packages whose names merely start like a Node module', async () => {
    await allowed('renderer/src/x.ts', `import { mount } from 'svelte';\nimport { join } from 'pathe';\nimport type { Lang } from '../../analyzers/engine/plugin/text.js';`);
  });
});

describe('the presentation model (presentation/)', () => {
  it('may not import Node or Electron', async () => {
    await reported('presentation/x.ts', `import { readFileSync } from 'node:fs';`);
    await reported('presentation/sub/x.ts', `import { join } from 'path';`);
    await reported('presentation/x.ts', `import type { WebContents } from 'electron';`);
  });
  it('may not import from cli/, renderer/ or the app host', async () => {
    await reported(
      'presentation/x.ts',
      [
        `import { formatText } from '../cli/format-text.js';`,
        `import type { Row } from '../renderer/src/view.js';`,
        `import { main } from '../app/electron/main.js';`,
        `import { serve } from '../app/serve/serve.js';`,
      ].join('\n'),
    );
  });
  it('may read the report types and the IPC contract types', async () => {
    await allowed(
      'presentation/x.ts',
      `import type { Report } from '../analyzers/engine/report/report.js';\nimport type { ExportFormat } from '../app/host/ipc-contract.js';`,
    );
  });
});

describe('the CLI (cli/)', () => {
  it('may not import the Electron main process, where it lives now or after the move', async () => {
    await reported(
      'cli/x.ts',
      [
        `import { main } from '../app/electron/main.js';`,
        `import { createWindow } from '../app/window.js';`,
        `import '../app/main.js';`,
        `import { app } from 'electron';`,
      ].join('\n'),
    );
    await reported('cli/x.ts', `export const m = await import('../app/electron/main.js');`);
  });
  it('may use the engine, the shared host and the serve host', async () => {
    await allowed(
      'cli/x.ts',
      [
        `import { PLUGINS } from '../analyzers/registry.js';`,
        `import { Session } from '../app/host/session.js';`,
        `import { serve } from '../app/serve/serve.js';`,
        `import { readFile } from 'node:fs/promises';`,
      ].join('\n'),
    );
  });
});
