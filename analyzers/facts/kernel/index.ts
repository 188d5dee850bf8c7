// Fact: the running kernel release exactly as `uname -r` prints it.
import { documentEvidence } from '../../engine/lines/lines.js';
import type { Evidence } from '../../engine/plugin/findings.js';
import { defineAnalyzer, notChecked } from '../../engine/plugin/analyzer.js';
import { text } from '../../engine/plugin/text.js';
import { parseUname } from './parse.js';

export interface KernelFact {
  release: string;
  machine: string | null;
  evidence: Evidence;
}

declare module '../../engine/plugin/facts.js' {
  interface Facts {
    'kernel': KernelFact;
  }
}

export default defineAnalyzer({
  meta: {
    id: 'kernel',
    kind: 'fact',
    title: { en: 'Kernel release', ja: 'カーネルリリース' },
    inputs: ['uname'],
    version: '1',
  },
  run(ctx) {
    for (const doc of ctx.documents('uname')) {
      const parsed = parseUname(doc.lines);
      if (parsed) {
        return {
          release: parsed.release,
          machine: parsed.machine,
          evidence: documentEvidence(doc, parsed.lineIndex),
        };
      }
    }
    return notChecked(text('no readable uname output in the archive', 'アーカイブに読み取れる uname の出力がありません'));
  },
});
