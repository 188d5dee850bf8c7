// What both hosts (Electron's main process and `lkanalyze serve`) keep for
// the renderer: the archives it may analyze (known by id, added only by the
// host: command line, file dialog, drop), one analysis at a time with cancel,
// and the last report, which the channel table exports (app/host/channels.ts).
import { randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { analyze } from '../../analyzers/engine/run/engine.js';
import type { Report } from '../../analyzers/engine/report/report.js';
import { collectGarbage } from '../../analyzers/engine/workers/collect.js';
import { pauseYoungGrowth } from '../../analyzers/engine/workers/heap-tuning.js';
import { WorkerPool, analyzeKeeping, workersAvailable } from '../../analyzers/engine/workers/in-worker.js';
import { loadAnalyzers } from '../../analyzers/registry.js';
import type { AnalysisProgress, ArchiveRef, Result } from './ipc-contract.js';
import { fail } from './ipc-contract.js';
import { JSON_BATCH_UNITS, jsonBatches } from './json-stream.js';
import { LogNav, PREPARE_BYTES } from './lognav.js';
import { searchHeldInWorker } from '../../analyzers/engine/workers/held-pass.js';

export interface SessionOptions {
  version: string;
  rulePackDirs?: readonly string[];
  /** Progress is pushed at most this often. */
  progressIntervalMs?: number;
  /** What collects the host's garbage once an analysis has handed its report over (collect.ts; tests watch it). */
  collectGarbage?: () => void;
  /** Bytes from which an archive counts as large (isLarge): PREPARE_BYTES unless given (tests give less). */
  largeArchiveBytes?: number;
}

/** UTF-16 code units of JSON deflated as one piece of a kept field (a piece inflates on its own). */
const KEPT_PIECE_UNITS = 1 << 18;

/**
 * The last report, kept for exports as the JSON of each of its fields,
 * deflated, rather than as objects: the report of the large bench archive is
 * about 30 MB of objects on the host's heap (which the heap tuning for
 * streaming lets grow to three times what it holds) and 21 MB as JSON; kept
 * so it is about 2 MB outside the heap. Read back (inflated, parsed) only
 * for an export. Each field's JSON is made in batches (jsonBatches) and
 * deflated in pieces of KEPT_PIECE_UNITS: no string of a whole field is ever
 * made. The nodes are nearly all of a report, and one string of them was 42
 * MB (the report holds Japanese: two bytes a character), built from parts of
 * as much again, then 21 MB of UTF-8 for zlib: on the large bench archive
 * the host's peak at the end of the analysis (about 60 MiB above the rest).
 */
export class KeptReport {
  private readonly fields: Array<[string, Buffer[]]> = [];

  constructor(report: Report) {
    for (const [key, value] of Object.entries(report)) {
      // What JSON.stringify leaves out of an object.
      if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
      const pieces: Buffer[] = [];
      let text = '';
      for (const batch of jsonBatches(value, JSON_BATCH_UNITS, { compact: true })) {
        text += batch;
        if (text.length < KEPT_PIECE_UNITS) continue;
        pieces.push(deflateRawSync(text, { level: 1 }));
        text = '';
      }
      if (text.length > 0) pieces.push(deflateRawSync(text, { level: 1 }));
      this.fields.push([key, pieces]);
    }
  }

  /** Bytes it holds. */
  get bytes(): number {
    return this.fields.reduce((n, [, pieces]) => pieces.reduce((m, b) => m + b.length, n), 0);
  }

  read(): Report {
    // Pieces end between JSON tokens (never inside a character): each decodes on its own.
    return Object.fromEntries(this.fields.map(([key, pieces]) => [key, JSON.parse(pieces.map((b) => inflateRawSync(b).toString('utf8')).join('')) as unknown])) as unknown as Report;
  }
}

export class Session {
  private readonly archives = new Map<string, { ref: ArchiveRef; path: string }>();
  private running: AbortController | null = null;
  /**
   * Kept between analyses: a warm worker starts the next one faster (but not
   * after a large archive: see isLarge). Its heap is not capped as the CLI
   * caps its workers' (WORKER_HEAP_LIMITS): the small young generation made
   * the app's analysis of the quick bench archive about a second slower for
   * 5 to 10 MiB less.
   */
  private readonly workers = new WorkerPool(2, undefined, undefined, (file) => this.isLarge(file));
  private last: KeptReport | null = null;
  /**
   * After a large archive, until the next analysis starts, the host's young
   * generation does not grow (pauseYoungGrowth; ended by the next analysis).
   * What the host does then (the log view's reads, the search of the members
   * held) keeps lines and hits alive long enough for V8 to grow it to its
   * largest, two semi-spaces of 16 MiB, and it kept them: on the large bench
   * archive the host's heap went from 10 to 50-68 MiB at the first opens, and
   * stayed there (docs/performance.md). Its workers have their own bounds.
   */
  private heldYoung: (() => void) | null = null;

  private rulePackDirs: readonly string[];

  /** The log view's members, lines and search, archives named by id as here. */
  readonly lognav = new LogNav((id) => this.archives.get(id)?.path ?? null, (path) => {
    const a = this.byPath(path);
    return a ? { archive: a.ref.id, bytes: a.ref.bytes } : null;
  });

  constructor(private readonly options: SessionOptions) {
    this.rulePackDirs = options.rulePackDirs ?? [];
    // The log view's pass of its own (an archive of PREPARE_BYTES or more) runs in a worker too.
    if (workersAvailable()) this.lognav.keepPass = (file, bytes, o) => this.workers.keepMembers(file, bytes, o);
    // A search's pass over the members the log view does not hold: in a worker of its own, let go after it.
    if (workersAvailable()) this.lognav.grepPass = (file, job, o) => this.workers.grepMembers(file, job, o);
    // And its search of the members the log view holds: their blocks copied to a worker of its own, a batch at a time.
    if (workersAvailable()) this.lognav.heldPass = searchHeldInWorker;
  }

  /**
   * An archive of PREPARE_BYTES or more: the worker that read it is let go
   * afterwards, not kept warm (a large archive grows a worker's heap and
   * buffers; a new one starts small, and the next analysis of one is long
   * enough for its start not to count).
   */
  private isLarge(file: string): boolean {
    return (this.byPath(file)?.ref.bytes ?? 0) >= (this.options.largeArchiveBytes ?? PREPARE_BYTES);
  }

  /** The archive the host added at this path. */
  private byPath(path: string): { ref: ArchiveRef; path: string } | undefined {
    return [...this.archives.values()].find((a) => a.path === path);
  }

  /** Rule pack folders for the next analyses (the app's setting; `--rules` for the CLI and serve). */
  setRulePackDirs(dirs: readonly string[]): void {
    this.rulePackDirs = [...dirs];
  }

  get rulePacks(): readonly string[] {
    return this.rulePackDirs;
  }

  /** Adds archives the host chose (never paths from the renderer). Unreadable paths are still listed: analysis says why. */
  async add(paths: readonly string[]): Promise<ArchiveRef[]> {
    const added: ArchiveRef[] = [];
    for (const path of paths) {
      const existing = this.byPath(path);
      if (existing) {
        added.push(existing.ref);
        continue;
      }
      const bytes = await stat(path).then((s) => s.size, () => 0);
      const ref: ArchiveRef = { id: randomBytes(8).toString('hex'), name: basename(path), bytes };
      this.archives.set(ref.id, { ref, path });
      added.push(ref);
    }
    return added;
  }

  list(): ArchiveRef[] {
    return [...this.archives.values()].map((a) => a.ref);
  }

  /** The last report (a new copy each time: see KeptReport). */
  get report(): Report | null {
    return this.last?.read() ?? null;
  }

  async analyze(ids: readonly string[], onProgress: (p: AnalysisProgress) => void): Promise<Result<Report>> {
    if (this.running) return fail('busy', 'an analysis is already running', '解析を実行中です');
    const chosen = ids.map((id) => this.archives.get(id));
    if (chosen.some((a) => !a)) return fail('unknown-archive', 'no such archive: the host did not open it', 'そのアーカイブはありません(ホストが開いたものではありません)');
    const paths = chosen.map((a) => a?.path ?? '');
    const controller = new AbortController();
    this.running = controller;
    // An analysis reads with the young generation V8 gives it (the worker's, and this thread's taking the results).
    this.heldYoung?.();
    this.heldYoung = null;
    const interval = this.options.progressIntervalMs ?? 200;
    let lastPush = 0;
    // Two archives may be read at once: count the ones finished, not the position of the last.
    const finishedFiles = new Set<string>();
    // Once every archive is read, until the report is handed over: the host's young generation does not grow
    // to take the workers' results (heap-tuning.ts). Only after a large archive, whose result is tens of MB.
    const large = paths.some((p) => this.isLarge(p));
    let resumeYoungGrowth: (() => void) | null = null;
    try {
      const { analyzers, clusterRules, packs } = await loadAnalyzers(this.rulePackDirs);
      this.lognav.setReaders(analyzers);
      const report = await analyze(paths, {
        analyzers,
        clusterRules,
        rulePacks: packs,
        version: this.options.version,
        signal: controller.signal,
        onProgress: (file, p) => {
          const now = Date.now();
          const finished = p.member === null && p.bytesRead >= p.totalBytes;
          if (finished) finishedFiles.add(file);
          if (large && finished && finishedFiles.size === paths.length) resumeYoungGrowth ??= pauseYoungGrowth();
          if (now - lastPush < interval && !finished) return;
          lastPush = now;
          onProgress({ archive: basename(file), bytesRead: p.bytesRead, totalBytes: p.totalBytes, member: p.member, done: finishedFiles.size, of: paths.length });
        },
        // Off this thread: in the app it is also the window's UI thread (see analyzers/in-worker.ts).
        // The analysis keeps for the log view what a later open needs (lognav/keep.ts).
        runArchive: workersAvailable() ? this.workers.runner(this.rulePackDirs, this.lognav.keeping) : (file, options) => analyzeKeeping(file, options, this.lognav.keeping),
      });
      // The renderer shows archive names, not the host's paths.
      for (const a of report.archives) a.file = basename(a.file);
      for (const n of report.nodes) n.archive = basename(n.archive);
      for (const c of report.clusters) for (const e of c.earlierArchives) e.archive = basename(e.archive);
      this.last = new KeptReport(report);
      // Once the report is handed over (the host sends it to the window after this returns), the copies
      // made of it are garbage: collected then, not at some later full collection. (A closure here that
      // named the report would hold it alive through the collection.)
      setTimeout(this.options.collectGarbage ?? collectGarbage, 0);
      // Small archives were kept by the analysis; one that was not (the budget was short) is kept now.
      for (const a of chosen) if (a && a.ref.bytes < PREPARE_BYTES) this.lognav.prepare(a.ref.id);
      return { ok: true, value: report };
    } catch (err) {
      if (controller.signal.aborted) return fail('cancelled', 'the analysis was cancelled', '解析を中止しました');
      const message = err instanceof Error ? err.message : String(err);
      return fail('failed', `the analysis failed: ${message}`, `解析に失敗しました: ${message}`);
    } finally {
      // Once the report is handed over (or nothing will be).
      const resume = resumeYoungGrowth as (() => void) | null;
      // Held from now on after a large archive (heldYoung), past the pause above.
      if (large) this.heldYoung = pauseYoungGrowth();
      if (resume) setTimeout(resume, 0);
      this.lognav.endKeeping();
      this.running = null;
    }
  }

  cancel(): boolean {
    if (!this.running) return false;
    this.running.abort();
    return true;
  }
}
