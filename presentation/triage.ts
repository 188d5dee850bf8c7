// The first thing every output says: what is wrong (the worst finding of each
// node, then every finding by severity), and what was checked and what could
// not be. Never an all-clear for what could not be checked (issue 16).
import type { Finding, Severity } from '../analyzers/engine/plugin/findings.js';
import { severityRank } from '../analyzers/engine/plugin/findings.js';
import type { Lang } from '../analyzers/engine/plugin/text.js';
import type { NodeReport, Report } from '../analyzers/engine/report/report.js';
import type { Tone } from './format.js';
import { label, SENTENCES } from './labels.js';

export interface TriageNode {
  name: string;
  version: string;
  os: string;
  /** The node's worst finding, or null; for a node not analyzed, why. */
  worst: { severity: Severity; title: string } | null;
  /** What the row says when there is no finding: a clean node, or one not (fully) checked. */
  status: string;
  tone: Tone | Severity;
}

export interface Coverage {
  /** Rules that ran, on all nodes and clusters together (a rule run on two nodes counts twice). */
  ran: number;
  /** Of those, the ones that reported something. */
  found: number;
  /** Facts and rules that could not run. */
  notRun: number;
  /** What stopped them: the missing inputs, most common first (distinct reasons, at most a few). */
  missing: string[];
  /** One sentence for the top of the report. */
  sentence: string;
}

export interface Triage {
  nodes: TriageNode[];
  /** Set when there is no finding: the verdict, which never claims more than was checked. */
  verdict: string | null;
  coverage: Coverage;
}

/** Reasons shown for what could not run; the rest are counted. */
const MISSING_SHOWN = 4;

/** A reason that only says another fact was missing is not the cause: the missing input is. */
const DEPENDENT = /^needs |を特定できなかったため確認していません$/;

function nodeName(n: NodeReport, lang: Lang): string {
  return n.hostname ?? (lang === 'ja' ? `名前不明 (${n.archive})` : `unnamed (${n.archive})`);
}

function coverageOf(report: Report, lang: Lang): Coverage {
  let ran = 0;
  let notRun = 0;
  const reasons = new Map<string, number>();
  for (const n of report.nodes) {
    for (const a of n.analyzers) {
      if (a.kind === 'rule' && a.status === 'ran') ran++;
      if (a.status === 'not-checked' || a.status === 'failed') {
        notRun++;
        const r = a.reason?.[lang];
        if (r && a.status === 'not-checked' && !DEPENDENT.test(r) && !DEPENDENT.test(a.reason?.en ?? '')) reasons.set(r, (reasons.get(r) ?? 0) + 1);
      }
    }
  }
  const found = new Set(report.findings.map((f) => `${f.node}\u0000${f.id}`)).size;
  // A peer whose archive was not given: every cross-node check with it (split brain, versions, heartbeat
  // settings, failover) did not run, and a report of one node must not read as the cluster being fine.
  const absentPeers = [...new Set(report.clusters.flatMap((c) => c.missingPeers))];
  if (absentPeers.length) {
    notRun += absentPeers.length;
    reasons.set(SENTENCES.peerArchiveMissing[lang](absentPeers.join(lang === 'ja' ? '、' : ', ')), Number.MAX_SAFE_INTEGER);
  }
  const missing = [...reasons.entries()].sort((a, b) => b[1] - a[1]).map(([r]) => r);
  const shown = missing.slice(0, MISSING_SHOWN);
  const more = missing.length - shown.length;
  const sentence = notRun === 0
    ? SENTENCES.coverageAll[lang](ran, found)
    : SENTENCES.coveragePartial[lang](ran, found, notRun, shown, more);
  return { ran, found, notRun, missing: shown, sentence };
}

function worstOf(findings: readonly Finding[]): Finding | null {
  let worst: Finding | null = null;
  for (const f of findings) if (!worst || severityRank(f.severity) < severityRank(worst.severity)) worst = f;
  return worst;
}

export function triage(report: Report, lang: Lang): Triage {
  const coverage = coverageOf(report, lang);
  const nodes = report.nodes.map((n): TriageNode => {
    const name = nodeName(n, lang);
    // Findings name their node by host name, or by archive file where there is none.
    const mine = report.findings.filter((f) => f.node === (n.hostname ?? n.archive.replace(/^.*[/\\]/, '')) || f.node.split('+').includes(n.hostname ?? ''));
    const worst = worstOf(mine);
    // Checks of its own that did not run, or a peer whose archive is missing (no cross-node check ran).
    const peerMissing = report.clusters.some((c) => n.hostname !== null && c.nodes.includes(n.hostname) && c.missingPeers.length > 0);
    const partly = peerMissing || n.analyzers.some((a) => a.status !== 'ran');
    const status = !n.recognized
      ? label('notAnalyzedShort', lang)
      : worst
        ? ''
        : partly
          ? label('noProblemInChecked', lang)
          : label('noProblem', lang);
    const tone: Tone | Severity = !n.recognized ? 'warning' : worst ? worst.severity : partly ? 'muted' : 'good';
    return {
      name,
      version: n['lifekeeper-version']?.version ?? '?',
      os: n['os-release'] ? n['os-release'].prettyName ?? `${n['os-release'].name} ${n['os-release'].version}` : '?',
      worst: worst ? { severity: worst.severity, title: worst.title[lang] } : null,
      status,
      tone,
    };
  });
  const allRecognized = report.nodes.every((n) => n.recognized) && report.archives.every((a) => a.status !== 'unreadable');
  const verdict = report.findings.length > 0
    ? null
    : !allRecognized
      ? label('noFindingsNotAll', lang)
      : coverage.notRun > 0
        ? SENTENCES.noProblemButNotAll[lang](coverage.notRun)
        : label('noFindings', lang);
  return { nodes, verdict, coverage };
}
