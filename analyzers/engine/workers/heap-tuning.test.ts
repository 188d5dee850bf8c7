// The CLI's young-generation cap (heap-tuning.ts), each case in a process of
// its own: V8's flags are the whole process's. The compiled modules (dist/,
// built by `npm test` before the tests) are loaded there. The program keeps
// much of what it allocates, so that V8 grows its young generation as it does
// while the event-heavy archive is read or the report is built.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTar } from '../plugin/testing.js';
import { YOUNG_SEMI_SPACE_CAP_MIB } from './heap-tuning.js';

const MIB = 2 ** 20;
const url = (path: string): string => pathToFileURL(resolve(path)).href;

/** Runs `body` in a fresh Node with the compiled heap-tuning and archive reader imported; returns the largest young generation (both semi-spaces) it saw, in bytes. */
function largestYoung(body: string, archive = ''): number {
  const program = `
    import { getHeapSpaceStatistics } from 'node:v8';
    const tuning = await import(${JSON.stringify(url('dist/analyzers/engine/workers/heap-tuning.js'))});
    const { readArchive } = await import(${JSON.stringify(url('dist/analyzers/engine/archive/archive.js'))});
    const archive = ${JSON.stringify(archive)};
    let largest = 0;
    const young = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
    const kept = [];
    // About half a MiB of objects that live through the next twenty rounds.
    const churn = () => {
      const batch = [];
      for (let i = 0; i < 8000; i++) batch.push({ i, s: 'line ' + i });
      kept.push(batch);
      if (kept.length > 20) kept.shift();
      largest = Math.max(largest, young());
    };
    ${body}
    process.stdout.write(String(largest));
  `;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', program], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
}

describe('the young generation in the CLI (heap-tuning.ts)', () => {
  let dir: string;
  let archive: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lkanalyze-heap-'));
    archive = join(dir, 'node.tar.gz');
    const log = Array.from({ length: 120_000 }, (_, i) => `May 20 10:00:${String(i % 60).padStart(2, '0')} node1 kernel: line ${i} of a log`).join('\n');
    await writeFile(archive, gzipSync(await makeTar([{ name: 'var/log/messages', content: log }])));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('grows past the cap when left to V8 (what the cap is for)', () => {
    expect(largestYoung(`tuning.tuneHeapForStreaming(); for (let r = 0; r < 300; r++) churn();`)).toBeGreaterThan(2 * YOUNG_SEMI_SPACE_CAP_MIB * MIB);
  });

  it('stays within the cap when held between rounds, and grows to it', () => {
    const largest = largestYoung(`tuning.tuneHeapForStreaming({ capYoung: true }); for (let r = 0; r < 300; r++) { churn(); tuning.holdYoungGeneration(); }`);
    expect(largest).toBeLessThanOrEqual(2 * YOUNG_SEMI_SPACE_CAP_MIB * MIB);
    expect(largest).toBeGreaterThan(YOUNG_SEMI_SPACE_CAP_MIB * MIB);
  });

  it('is given back to V8 for a process that reads in workers (the flag is the process\'s)', () => {
    expect(largestYoung(`tuning.tuneHeapForStreaming({ capYoung: true }); tuning.releaseYoungGeneration(); for (let r = 0; r < 300; r++) { churn(); tuning.holdYoungGeneration(); }`)).toBeGreaterThan(2 * YOUNG_SEMI_SPACE_CAP_MIB * MIB);
  });

  it('is held by the archive reader for each chunk', () => {
    // The visitor keeps about as much as it is handed for a while (an event-heavy log's analysis keeps less), and never holds the cap itself.
    const largest = largestYoung(`
      tuning.tuneHeapForStreaming({ capYoung: true });
      const write = (chunk) => {
        for (let k = 0; k < chunk.length / 524288; k++) churn();
        return true;
      };
      await readArchive(archive, { open: () => ({ gunzip: false, write, end: () => undefined }) });
    `, archive);
    expect(largest).toBeLessThanOrEqual(2 * YOUNG_SEMI_SPACE_CAP_MIB * MIB);
  });

  it('does not grow while the CLI loads, nor after a read (the facts, the rules and the report are built then), until a read holds it', () => {
    // What follows keeps much of what it allocates; a read that allocates little leaves the young generation as it was.
    const program = (before: string): string => `
      tuning.tuneHeapForStreaming({ capYoung: true });
      ${before}
      const start = young();
      for (let r = 0; r < 300; r++) churn();
      if (young() > start) throw new Error('grew');
    `;
    expect(() => largestYoung(program(''))).not.toThrow();
    expect(() => largestYoung(program(`tuning.holdYoungGeneration(); await readArchive(archive, { open: () => null });`), archive)).not.toThrow();
    expect(() => largestYoung(program(`tuning.holdYoungGeneration(); tuning.freezeYoungGeneration();`))).not.toThrow();
    // Held and then neither read nor frozen, it grows to the cap: what the three above show is the freeze.
    expect(() => largestYoung(program(`tuning.holdYoungGeneration();`))).toThrow(/grew/);
  });

  it('does not grow while the app host pauses it, and grows again once the pause ends; the CLI holds its own', () => {
    const paused = (end: string): string => `
      tuning.tuneHeapForStreaming();
      const resume = tuning.pauseYoungGrowth();
      const start = young();
      for (let r = 0; r < 300; r++) churn();
      if (young() > start) throw new Error('grew while paused');
      ${end}
      for (let r = 0; r < 300; r++) churn();
      if (young() === start) throw new Error('did not grow after');
    `;
    expect(() => largestYoung(paused('resume(); resume();'))).not.toThrow();
    expect(() => largestYoung(paused(''))).toThrow(/did not grow after/);
  });

  it("holds a pause past a worker's start, which sets V8's flags back to their defaults (keepFlagsOn)", () => {
    const started = (keep: string): string => `
      tuning.tuneHeapForStreaming();
      tuning.pauseYoungGrowth();
      const { Worker } = await import('node:worker_threads');
      const worker = new Worker('setTimeout(() => {}, 20)', { eval: true });
      ${keep}
      await new Promise((done) => worker.once('exit', done));
      const start = young();
      for (let r = 0; r < 300; r++) churn();
      if (young() > start) throw new Error('grew while paused');
    `;
    expect(() => largestYoung(started('tuning.keepFlagsOn(worker);'))).not.toThrow();
    // What keepFlagsOn mends (Node 20): without it the pause is lost once the worker is online.
    expect(() => largestYoung(started(''))).toThrow(/grew while paused/);
  });
});
