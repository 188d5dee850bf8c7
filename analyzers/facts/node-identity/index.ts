// Fact: which node this archive comes from and when it was collected, with the
// evidence of each. Falls back to `uname -a`, then to the archive's name.
import { documentEvidence } from '../../engine/lines/lines.js';
import type { Evidence } from '../../engine/plugin/findings.js';
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import { parseUname } from '../kernel/parse.js';
import type { WallTime } from './parse.js';
import { parseArchiveName, parseDateOutput, parseHostnameOutput } from './parse.js';

export interface IdentityFact {
  hostname: string | null;
  hostnameSource: 'hostname' | 'uname' | 'archive-name' | null;
  /** Local wall-clock time of collection, ISO 8601 without zone. */
  collectedAt: string | null;
  collectedAtZone: string | null;
  collectedAtSource: 'date' | 'archive-name' | 'member-mtime' | null;
  evidence: Evidence[];
}

declare module '../../engine/plugin/facts.js' {
  interface Facts {
    'node-identity': IdentityFact;
  }
}

export default defineAnalyzer({
  meta: {
    id: 'node-identity',
    kind: 'fact',
    title: { en: 'Node name and collection time', ja: 'ノード名と採取日時' },
    inputs: ['hostname', 'uname', 'date'],
    version: '1',
  },
  run(ctx) {
    const evidence: Evidence[] = [];
    const fromArchive = parseArchiveName(ctx.archive.topDirectory ?? ctx.archive.file);
    const fromFile = parseArchiveName(ctx.archive.file);

    let hostname: string | null = null;
    let hostnameSource: IdentityFact['hostnameSource'] = null;
    const names = ctx.documents('hostname').flatMap((doc) =>
      doc.lines.flatMap((l, i) => {
        const h = parseHostnameOutput(l);
        return h ? [{ h, e: documentEvidence(doc, i) }] : [];
      }),
    );
    // `hostname` and `hostname -f` may both be there: the short name is what LifeKeeper uses.
    names.sort((a, b) => Number(a.h.includes('.')) - Number(b.h.includes('.')));
    if (names[0]) {
      hostname = names[0].h;
      hostnameSource = 'hostname';
      evidence.push(names[0].e);
    } else {
      for (const doc of ctx.documents('uname')) {
        const u = parseUname(doc.lines);
        if (u?.nodename) {
          hostname = u.nodename;
          hostnameSource = 'uname';
          evidence.push(documentEvidence(doc, u.lineIndex));
          break;
        }
      }
    }
    if (!hostname) {
      hostname = fromArchive.host ?? fromFile.host;
      hostnameSource = hostname ? 'archive-name' : null;
    }

    let collected: WallTime | null = null;
    let collectedAtSource: IdentityFact['collectedAtSource'] = null;
    for (const doc of ctx.documents('date')) {
      const i = doc.lines.findIndex((l) => parseDateOutput(l) !== null);
      if (i >= 0) {
        collected = parseDateOutput(doc.lines[i] ?? '');
        collectedAtSource = 'date';
        evidence.push(documentEvidence(doc, i));
        break;
      }
    }
    if (!collected && (fromArchive.time ?? fromFile.time)) {
      collected = fromArchive.time ?? fromFile.time;
      collectedAtSource = 'archive-name';
    }
    if (!collected && ctx.archive.newestMtime) {
      collected = { local: ctx.archive.newestMtime.toISOString().slice(0, 19), zone: 'UTC' };
      collectedAtSource = 'member-mtime';
    }
    return {
      hostname,
      hostnameSource,
      collectedAt: collected?.local ?? null,
      collectedAtZone: collected?.zone ?? null,
      collectedAtSource,
      evidence,
    };
  },
});
