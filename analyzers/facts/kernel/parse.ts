// Reads the kernel release from `uname -a` or `uname -r` output.

export interface UnameFacts {
  release: string;
  machine: string | null;
  nodename: string | null;
  /** Index of the line it came from. */
  lineIndex: number;
}

const RELEASE = /^\d+\.\d+[\w.+~-]*$/;

export function parseUname(lines: readonly string[]): UnameFacts | null {
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line) continue;
    const fields = line.split(/\s+/);
    if (fields[0] === 'Linux' && fields.length >= 3 && RELEASE.test(fields[2] ?? '')) {
      // `uname -a`: Linux <nodename> <release> <version...> <machine> [<processor> <platform>] <os>
      const tail = fields.slice(3);
      const machine = tail.find((f) => /^(x86_64|aarch64|ppc64le|s390x|i[3-6]86)$/.test(f)) ?? null;
      return { release: fields[2] ?? '', machine, nodename: fields[1] ?? null, lineIndex: i };
    }
    if (fields.length === 1 && RELEASE.test(line)) {
      const arch = /\.(x86_64|aarch64|ppc64le|s390x)$/.exec(line);
      return { release: line, machine: arch?.[1] ?? null, nodename: null, lineIndex: i };
    }
  }
  return null;
}
