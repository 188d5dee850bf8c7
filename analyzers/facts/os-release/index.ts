// Fact: the distribution (os-release ID and VERSION_ID), refined by the
// distribution's own release file where os-release gives only the major version.
import { documentEvidence } from '../../engine/lines/lines.js';
import type { Evidence } from '../../engine/plugin/findings.js';
import { defineAnalyzer, notChecked } from '../../engine/plugin/analyzer.js';
import { text } from '../../engine/plugin/text.js';
import type { OsInfo } from './parse.js';
import { parseOsRelease, parseReleaseFile } from './parse.js';

export interface OsFact {
  id: string;
  versionId: string;
  name: string;
  prettyName: string | null;
  version: string;
  evidence: Evidence[];
}

declare module '../../engine/plugin/facts.js' {
  interface Facts {
    'os-release': OsFact;
  }
}

export default defineAnalyzer({
  meta: {
    id: 'os-release',
    kind: 'fact',
    title: { en: 'Operating system', ja: 'オペレーティングシステム' },
    inputs: ['os-release', 'distro-release'],
    version: '1',
  },
  run(ctx) {
    const found = (input: 'os-release' | 'distro-release', parse: (l: readonly string[]) => OsInfo | null) => {
      for (const doc of ctx.documents(input)) {
        const info = parse(doc.lines);
        if (info) return { info, evidence: documentEvidence(doc, info.lineIndex) };
      }
      return null;
    };
    const osr = found('os-release', parseOsRelease);
    const rel = found('distro-release', parseReleaseFile);
    if (!osr && !rel) {
      return notChecked(text('no os-release or distribution release file in the archive', 'アーカイブに os-release もディストリビューションのリリースファイルもありません'));
    }
    const base = (osr ?? rel)!.info;
    const evidence: Evidence[] = [osr?.evidence, rel?.evidence].filter((e): e is NonNullable<typeof e> => Boolean(e));
    // CentOS 8's os-release says VERSION_ID="8"; centos-release says 8.2.2004.
    const precise = rel && rel.info.id === base.id && rel.info.version.startsWith(base.versionId) && rel.info.version.length > base.versionId.length
      ? rel.info.version
      : base.version;
    return { id: base.id, versionId: base.versionId, name: base.name, prettyName: base.prettyName, version: precise, evidence };
  },
});
