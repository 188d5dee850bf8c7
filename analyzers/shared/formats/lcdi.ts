// Parsers for the LCDI list commands (ins_list, dep_list, eqv_list). Their
// field order is not public ([GUESS] in formats.md §2.5); what is known: the
// separator is ^A (0x01). Assumptions, written down here and in the analyzers'
// READMEs:
// - ins_list: `[system ^A] app ^A type ^A tag ^A id ^A info ^A init ^A state ...`.
//   SIOS's advisory greps field 3 of ins_list for "disk", which fits a leading
//   system field; a line whose second field is a known application name is
//   read that way, otherwise the system field is taken as absent.
// - dep_list: `[system ^A] parent ^A child`.
// - eqv_list: `system ^A tag ^A other system ^A other tag ^A kind ^A priority ^A other priority`.

export const SEP = '\u0001';

const APPS = new Set(['gen', 'scsi', 'comm', 'database', 'appsuite', 'webserver', 'mail', 'sap', 'hana', 'lkqsp', 'qsp']);

export interface InsRecord {
  system: string | null;
  app: string;
  type: string;
  tag: string;
  id: string;
  info: string | null;
  initialize: string | null;
  state: string | null;
  lineIndex: number;
}

export function parseInsList(lines: readonly string[]): { records: InsRecord[]; unparsed: number; unparsedLines: number[] } {
  const records: InsRecord[] = [];
  const unparsedLines: number[] = [];
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue;
    const f = line.split(SEP);
    if (f.length < 4) {
      unparsedLines.push(i);
      continue;
    }
    const withSystem = APPS.has((f[1] ?? '').toLowerCase()) && !APPS.has((f[0] ?? '').toLowerCase());
    const o = withSystem ? 1 : 0;
    const get = (k: number): string | null => (f[o + k] === undefined || f[o + k] === '' ? null : (f[o + k] as string));
    const state = get(6);
    records.push({
      system: withSystem ? (f[0] ?? null) : null,
      app: get(0) ?? '',
      type: get(1) ?? '',
      tag: get(2) ?? '',
      id: get(3) ?? '',
      info: get(4),
      initialize: get(5),
      state: state && /^(ISP|ISU|OSF|OSU|ILLSTATE)$/i.test(state) ? state.toUpperCase() : null,
      lineIndex: i,
    });
  }
  return { records: records.filter((r) => r.tag), unparsed: unparsedLines.length, unparsedLines };
}

export function parseDepList(lines: readonly string[]): Array<{ parent: string; child: string; lineIndex: number }> {
  const out: Array<{ parent: string; child: string; lineIndex: number }> = [];
  for (const [i, line] of lines.entries()) {
    const f = line.split(SEP).filter((x) => x !== '');
    if (f.length === 2 || f.length === 3) out.push({ parent: f[f.length - 2] ?? '', child: f[f.length - 1] ?? '', lineIndex: i });
  }
  return out;
}

export interface EqvRecord {
  system: string;
  tag: string;
  peer: string;
  peerTag: string;
  kind: string;
  priority: number | null;
  peerPriority: number | null;
  lineIndex: number;
}

export function parseEqvList(lines: readonly string[]): EqvRecord[] {
  const out: EqvRecord[] = [];
  for (const [i, line] of lines.entries()) {
    const f = line.split(SEP);
    if (f.length < 4) continue;
    const n = (s: string | undefined): number | null => (s && /^\d+$/.test(s) ? Number(s) : null);
    out.push({
      system: f[0] ?? '', tag: f[1] ?? '', peer: f[2] ?? '', peerTag: f[3] ?? '', kind: (f[4] ?? 'SHARED').toUpperCase(),
      priority: n(f[5]), peerPriority: n(f[6]), lineIndex: i,
    });
  }
  return out;
}
