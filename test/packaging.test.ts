// Packaging, checked on machines that cannot fetch Electron or electron-builder's
// tools: the configuration, the exact list of files that go into the app, and
// that nothing in the app reaches the network. Where a local Electron
// distribution exists, the unpacked `dir` target is built too; elsewhere the
// test says it skipped that part and why.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv } from 'ajv';
import picomatch from 'picomatch';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

interface BuilderConfig {
  appId: string;
  extraMetadata: { main: string };
  productName: string;
  asar: boolean;
  files: string[];
  publish: unknown;
  fileAssociations: Array<{ ext: string; name: string }>;
  extraResources: Array<{ from: string; to: string }>;
  linux: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
  electronFuses: Record<string, boolean>;
}

const config = parse(readFileSync('electron-builder.yml', 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { main: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (['node_modules', '.git', 'out', 'test-results'].includes(name)) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(relative('.', p).split('\\').join('/'));
  }
  return out;
}

/** electron-builder's `files`: patterns in order, `!` excludes. */
function appFiles(): string[] {
  const include = config.files.filter((p) => !p.startsWith('!')).map((p) => picomatch(p, { dot: true }));
  const exclude = config.files.filter((p) => p.startsWith('!')).map((p) => picomatch(p.slice(1), { dot: true }));
  return walk('.').filter((f) => include.some((m) => m(f)) && !exclude.some((m) => m(f)));
}

describe('packaging configuration', () => {
  it('is valid for the electron-builder installed here: every key, the fuse names too, is one its schema knows', () => {
    const schema = JSON.parse(readFileSync('node_modules/app-builder-lib/scheme.json', 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    // A misspelt fuse is an unknown key, not a silently skipped one.
    expect(validate({ ...config, electronFuses: { ...config.electronFuses, RunAsNode: false } })).toBe(false);
  });

  it('flips the Electron fuses: no run-as-node, encrypted cookies, the app from app.asar only, no NODE_OPTIONS, no --inspect, no file:// privileges', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('names the app, its targets for the desktops support engineers use, and its file associations', () => {
    expect(config.appId).toMatch(/^[a-z0-9.-]+$/);
    expect(config.productName).toBe('LifeKeeper Support Analyzer');
    expect(config.win.target).toEqual(expect.arrayContaining(['nsis', 'portable']));
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb', 'rpm', 'tar.gz']));
    expect(config.mac.target).toEqual(expect.arrayContaining(['dmg']));
    expect(config.fileAssociations.map((a) => a.ext).sort()).toEqual(['gz', 'tgz']);
    for (const icon of [config.linux.icon, config.win.icon, config.mac.icon]) expect(existsSync(icon), icon).toBe(true);
    expect(config.publish).toBeNull();
    expect(config.asar).toBe(true);
  });

  it('starts the Electron main process from app/electron/, in the checkout, the package and bin/lkanalyze-app alike', () => {
    expect(pkg.main).toBe('dist/app/electron/main.js');
    expect(config.extraMetadata.main).toBe(pkg.main);
    expect(readFileSync('bin/lkanalyze-app', 'utf8')).toContain(`new URL('../${pkg.main}', import.meta.url)`);
    expect(existsSync(pkg.main), `${pkg.main} (npm run build)`).toBe(true);
    expect(appFiles()).toContain(pkg.main);
  });

  it('ships the CLI inside the package', () => {
    expect(config.extraResources).toEqual([{ from: 'build/cli', to: 'cli' }]);
    expect(existsSync('build/cli/lkanalyze')).toBe(true);
    expect(existsSync('build/cli/lkanalyze.cmd')).toBe(true);
    expect(appFiles()).toContain('bin/lkanalyze');
  });

  it('runs the packaged CLI in the app\'s main process (--lkanalyze-cli), since the RunAsNode fuse is off', () => {
    for (const wrapper of ['build/cli/lkanalyze', 'build/cli/lkanalyze.cmd']) {
      const text = readFileSync(wrapper, 'utf8');
      expect(text, wrapper).toContain('--lkanalyze-cli');
      expect(text, `${wrapper} must not rely on ELECTRON_RUN_AS_NODE`).not.toMatch(/^[^#r].*ELECTRON_RUN_AS_NODE/m);
    }
    const main = readFileSync('app/electron/main.ts', 'utf8');
    expect(main).toContain("const CLI_FLAG = '--lkanalyze-cli'");
    expect(main).toMatch(/if \(cliAt >= 0\) void runCli\(/);
  });

  it('puts the built app in it, and no tests, sources, samples, maps or dev dependencies', () => {
    const files = appFiles();
    for (const f of ['package.json', 'dist/app/electron/main.js', 'dist/app/electron/preload.cjs', 'dist/app/host/channels.js', 'dist/app/host/export.js', 'dist/renderer/index.html', 'dist/renderer-ssr/export.js', 'dist/analyzers/registry.js', 'dist/cli/run.js', 'dist/bundle/run.js', 'dist/bundle/archive-worker.js', 'analyzers/patterns/pack.json']) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => /\.test\.|\.map$|\.ts$|^samples\/|^test\/|^bench\/|^dist\/(samples|bench)\//.test(f))).toEqual([]);
    const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
    expect(bytes).toBeLessThan(20 * 2 ** 20);
    // Production dependencies are what the packaged app needs at run time; the UI libraries are bundled.
    expect(Object.keys(pkg.dependencies)).toEqual(['tar-stream', 'yauzl']);
    for (const dev of ['electron', 'electron-builder', 'svelte', 'vite', 'vitest', 'typescript']) expect(pkg.devDependencies).toHaveProperty(dev);
  });

  it('reaches no network: the built renderer names no remote URL, the main process has no updater or crash upload', () => {
    const renderer = walk('dist/renderer').concat(walk('dist/renderer-ssr'));
    const remote = renderer.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/https?:\/\/[^\s"'`)]+/g)].map((m) => `${f}: ${m[0]}`))
      // XML namespace names in the SVG code of the UI library are identifiers, never fetched.
      .filter((s) => !/http:\/\/www\.w3\.org\/(2000\/svg|1999\/xlink|1998\/Math\/MathML|XML\/1998\/namespace|1999\/xhtml)/.test(s));
    expect(remote).toEqual([]);
    const main = readFileSync('app/electron/main.ts', 'utf8');
    expect(main).not.toMatch(/autoUpdater|crashReporter|electron-updater/);
    // The one way out is the user's own click on a source's https link, handed to the system browser (issue 16; app/electron/window.test.ts holds the check before it).
    expect([...main.matchAll(/shell\.openExternal\(([^)]*)\)/g)].map((m) => m[1])).toEqual(['link']);
  });
});

const ELECTRON_DIST = join('node_modules', 'electron', 'dist');
const HAS_DIST = existsSync(join(ELECTRON_DIST, 'electron'));
if (!HAS_DIST) console.warn(`packaging build skipped: no local Electron distribution at ${ELECTRON_DIST} (the electron package downloads it from outside the npm registry); the configuration and the app's file list were checked instead`);

describe.skipIf(!HAS_DIST)('the unpacked app (dir target)', () => {
  it('builds against the local Electron distribution and holds the app', () => {
    const env = { ...process.env, ELECTRON_DIST: ELECTRON_DIST, ...(existsSync('/usr/bin/7za') ? { ELECTRON_BUILDER_7ZIP_PATH: '/usr/bin/7za' } : {}) };
    execFileSync('npx', ['electron-builder', '--linux', 'dir', '--publish', 'never'], { env, stdio: 'inherit', timeout: 600_000 });
    expect(existsSync('out/dist/linux-unpacked/resources/app.asar')).toBe(true);
    expect(existsSync('out/dist/linux-unpacked/resources/cli/lkanalyze')).toBe(true);
  }, 600_000);
});
