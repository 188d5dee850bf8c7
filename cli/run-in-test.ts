// Runs the command line in this process for a test, its two streams captured
// as text: one copy for every CLI test instead of a Sink and a run() in each.
import { Writable } from 'node:stream';
import { main } from './main.js';

/** A stream that keeps what is written to it, up to `cap` characters (the rest is dropped, so a runaway output cannot fill the test's memory). */
export class Sink extends Writable {
  data = '';
  constructor(private readonly cap = Infinity) {
    super();
  }

  override _write(chunk: Buffer, _enc: string, cb: () => void): void {
    if (this.data.length < this.cap) this.data += chunk.toString();
    cb();
  }
}

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** `lkanalyze ARGS` with this environment (none by default: no LANG, no colour), neither stream a terminal. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}, cap = Infinity): Promise<CliRun> {
  const stdout = new Sink(cap);
  const stderr = new Sink(cap);
  const code = await main(args, { stdout, stderr, env });
  return { code, out: stdout.data, err: stderr.data };
}
