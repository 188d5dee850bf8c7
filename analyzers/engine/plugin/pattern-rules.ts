// Pattern rules: a rule that is a regex over log lines or a condition on a
// setting is data, not code (a JSON file with id, severity, titles, pattern,
// version range, remedy and its one-line action, references, and sample lines
// that must and must not match). Rule packs are folders of such files with a
// pack.json; a broken file is reported and skipped, never fatal, and a rule
// whose references a reader cannot follow is loaded with a warning. Every rule
// becomes an analyzer.
import { HeadTail } from '../run/bounded.js';
import type { SourceLine } from '../lines/lines.js';
import { evidenceOf, MAX_LINE_BYTES } from '../lines/lines.js';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { AnyAnalyzer, FindingDraft } from './analyzer.js';
import { defineAnalyzer, notChecked } from './analyzer.js';
import type { Evidence, Reference, Severity } from './findings.js';
import { isSeverity } from './findings.js';
import { referenceProblems } from './sources.js';
import { overlapReason, overlappingAlternation } from './regex-shape.js';
import type { Text } from './text.js';
import { text } from './text.js';
import { lifeKeeperInRange } from '../../shared/versions.js';
import { PEER_NODE } from '../../shared/glossary.js';

/** What every pattern rule says of itself, log or setting. */
interface PatternRuleBase {
  id: string;
  severity: Severity;
  title: Text;
  summary: Text;
  remediation: Text;
  /** What to do, in one line; `{name}` placeholders (`{key}` and `{value}` for a setting) are filled as in the other texts. */
  action: Text;
  references: Reference[];
  /** LifeKeeper versions the rule applies to (inclusive); omitted ends are open. */
  versions?: { min?: string; max?: string };
}

export interface LogPatternRule extends PatternRuleBase {
  kind: 'log';
  input: 'lifekeeper-log' | 'syslog';
  /** ASCII byte strings, one of which every matching line contains (they keep the scan fast). */
  keywords: string[];
  /** A JavaScript regex; named groups fill `{name}` in the texts. */
  pattern: string;
  flags?: string;
  /** Fire only from this many matches (per `groupBy` value when given). */
  minCount?: number;
  groupBy?: string;
  samples: { match: string[]; noMatch: string[] };
}

export type SettingCondition =
  | { equals: string[] }
  | { notEquals: string[] }
  | { lessThan: number }
  | { greaterThan: number }
  | { notPowerOfTwo: true };

export interface SettingRule extends PatternRuleBase {
  kind: 'setting';
  /** A key of /etc/default/LifeKeeper. */
  key: string;
  when: SettingCondition;
  /** Lines of /etc/default/LifeKeeper. */
  samples: { match: string[]; noMatch: string[] };
}

export type PatternRule = LogPatternRule | SettingRule;

export interface RulePack {
  name: string;
  version: string;
  /** "built-in", or the folder it was loaded from. */
  source: string;
  rules: PatternRule[];
  errors: Array<{ file: string; reason: string }>;
  /** Rules loaded all the same: a reference without an https link a reader can follow, for one. */
  warnings: Array<{ file: string; reason: string }>;
}

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

class RuleError extends Error {}

function need(cond: unknown, message: string): asserts cond {
  if (!cond) throw new RuleError(message);
}

function isText(v: unknown): v is Text {
  const t = v as Partial<Text> | null;
  return typeof t === 'object' && t !== null && typeof t.en === 'string' && typeof t.ja === 'string' && t.en.trim() !== '' && t.ja.trim() !== '';
}

function strings(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/** Checks a parsed rule file; throws a RuleError that says what is wrong. */
/**
 * Checks a rule file. `timePattern`: also time the pattern on adversarial
 * lines (about 40 ms for the 21 built-in rules, which their own test times
 * instead, so that start-up stays short).
 */
export function validateRule(raw: unknown, fileId: string | null, timePattern = true): PatternRule {
  need(typeof raw === 'object' && raw !== null && !Array.isArray(raw), 'a rule file holds one JSON object');
  const r = raw as Record<string, unknown>;
  need(typeof r['id'] === 'string' && KEBAB.test(r['id']), '"id" must be kebab-case');
  need(fileId === null || r['id'] === fileId, `"id" (${String(r['id'])}) must equal the file name (${fileId})`);
  need(r['kind'] === 'log' || r['kind'] === 'setting', '"kind" must be "log" or "setting"');
  need(isSeverity(r['severity']), '"severity" must be critical, warning or info');
  for (const k of ['title', 'summary', 'remediation', 'action']) need(isText(r[k]), `"${k}" needs non-empty "en" and "ja"`);
  const action = r['action'] as Text;
  need(!/[\r\n]/.test(action.en + action.ja), '"action" is one line (what to do, in short; "remediation" says it in full)');
  need(Array.isArray(r['references']) && r['references'].length > 0, '"references" must cite at least one source');
  for (const ref of r['references'] as unknown[]) {
    const x = ref as Record<string, unknown>;
    need(typeof x['source'] === 'string' && isText(x['title']), 'each reference needs "source" and a bilingual "title"');
  }
  const samples = r['samples'] as Record<string, unknown> | undefined;
  need(samples && strings(samples['match']) && strings(samples['noMatch']), '"samples" needs "match" and "noMatch" lists of lines');
  need((samples['match'] as string[]).length > 0 && (samples['noMatch'] as string[]).length > 0, 'give at least one "match" and one "noMatch" sample');
  const versions = r['versions'] as Record<string, unknown> | undefined;
  need(versions === undefined || (typeof versions === 'object' && ['min', 'max'].every((k) => versions[k] === undefined || typeof versions[k] === 'string')), '"versions" takes "min" and "max" strings');
  if (r['kind'] === 'log') {
    need(r['input'] === 'lifekeeper-log' || r['input'] === 'syslog', '"input" must be lifekeeper-log or syslog');
    need(strings(r['keywords']) && r['keywords'].length > 0 && r['keywords'].every((k) => /^[\x20-\x7e]+$/.test(k)), '"keywords" must be non-empty ASCII strings');
    need(typeof r['pattern'] === 'string', '"pattern" must be a regex string');
    try {
      new RegExp(r['pattern'], (r['flags'] as string | undefined) ?? '');
    } catch (err) {
      throw new RuleError(`"pattern" is not a valid regex: ${(err as Error).message}`);
    }
    need(r['minCount'] === undefined || (Number.isInteger(r['minCount']) && (r['minCount'] as number) >= 1), '"minCount" must be a whole number from 1');
    need(r['groupBy'] === undefined || typeof r['groupBy'] === 'string', '"groupBy" names a group of the pattern');
  } else {
    need(typeof r['key'] === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(r['key']), '"key" must be a setting name');
    const w = r['when'] as Record<string, unknown> | undefined;
    const ok = w !== undefined && Object.keys(w).length === 1 && (
      strings(w['equals']) || strings(w['notEquals']) || typeof w['lessThan'] === 'number' || typeof w['greaterThan'] === 'number' || w['notPowerOfTwo'] === true
    );
    need(ok, '"when" takes one of equals, notEquals (lists), lessThan, greaterThan (numbers), notPowerOfTwo (true)');
  }
  const rule = raw as PatternRule;
  checkSamples(rule);
  if (timePattern) checkBacktracking(rule);
  return rule;
}

/**
 * Lines built from a sample to expose a pattern that backtracks (nested or
 * adjacent quantifiers over the same characters): runs of `run` spaces and
 * colons where the sample has them, trailing spaces, the first half repeated.
 * At most as long as the longest line the scanner hands over.
 */
function adversarialLines(sample: string, run: number, failingTail: boolean): string[] {
  const half = sample.slice(0, Math.ceil(sample.length / 2)) || 'x';
  const repeated = half.repeat(Math.max(1, Math.ceil(run / half.length)));
  return [
    sample.replace(/ /g, ' '.repeat(run)),
    sample.replace(/:/g, ':'.repeat(run)),
    `${sample}${' '.repeat(run)}x`,
    repeated,
    // The repeated run then a character no pattern expects: what makes (a+)+$ try every split of the run.
    ...(failingTail ? [`${repeated.slice(0, MAX_LINE_BYTES - 1)}\u0000`] : []),
  ].map((line) => line.slice(0, MAX_LINE_BYTES));
}

/**
 * Run lengths tried in turn: short ones first, so that a pattern that
 * backtracks exponentially is caught before a run is long enough to stall
 * (each step of 4 can multiply its time by 16), then up to a full line for
 * quadratic ones.
 */
const ADVERSARIAL_RUNS = [8, 12, 16, 20, 24, 28, 32, 64, 512, 4096, MAX_LINE_BYTES / 2];

/** A linear pattern needs well under a millisecond for a 64 KiB line; a backtracking one takes seconds. */
const BACKTRACK_BUDGET_MS = 100;

/**
 * A timing just over the budget is taken again, and the fastest counts: a
 * pattern that backtracks is slow every time, while a thread that was only
 * preempted or collecting garbage (a loaded machine, tests in parallel) is
 * not. Far over the budget is not noise, and is not run again.
 */
const TIMINGS_WHEN_SLOW = 3;
const SLOW_BEYOND_NOISE_MS = 5 * BACKTRACK_BUDGET_MS;

function fastestOf(tries: number, work: () => unknown): number {
  let fastest = Infinity;
  for (let i = 0; i < tries && fastest >= BACKTRACK_BUDGET_MS && (i === 0 || fastest < SLOW_BEYOND_NOISE_MS); i++) {
    const started = performance.now();
    work();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

/**
 * Whether a regular expression backtracks badly on lines made from the
 * samples: the time and length of the first adversarial line that takes
 * BACKTRACK_BUDGET_MS or more, else null. The one check of a regex that
 * archive lines will be matched against: rule packs at load, and
 * `lkanalyze grep -E` and the UI's search before they read anything.
 * `longestRun` stops at shorter runs: long enough to show exponential
 * backtracking, too short to fault a pattern that is only quadratic in runs
 * of its own characters. `failingTail` also tries each run followed by a
 * character the pattern does not expect (a rule's samples are log lines,
 * which end the runs themselves; a search's are made from its pattern).
 */
export function backtracking(re: RegExp, samples: readonly string[], options: { longestRun?: number; failingTail?: boolean } = {}): { ms: number; length: number } | null {
  const probe = new RegExp(re.source, re.flags.replace(/[gy]/g, ''));
  for (const run of ADVERSARIAL_RUNS.filter((r) => r <= (options.longestRun ?? Infinity))) {
    for (const line of samples.flatMap((sample) => adversarialLines(sample, run, options.failingTail ?? false))) {
      const ms = fastestOf(TIMINGS_WHEN_SLOW, () => probe.exec(line));
      if (ms >= BACKTRACK_BUDGET_MS) return { ms, length: line.length };
    }
  }
  return null;
}

/** A rule pack's pattern must not stall the analysis on one long line: refused at load, with the reason. */
function checkBacktracking(rule: PatternRule): void {
  if (rule.kind !== 'log') return;
  const overlap = overlappingAlternation(rule.pattern, rule.flags ?? '');
  need(overlap === null, `"pattern" ${overlap ? overlapReason(overlap).en.replace(/^the regular expression /, '') : ''}`);
  const slow = backtracking(new RegExp(rule.pattern, rule.flags ?? ''), [...rule.samples.match, ...rule.samples.noMatch]);
  need(slow === null, `"pattern" takes ${Math.round(slow?.ms ?? 0)} ms on a ${slow?.length ?? 0}-character line made from a sample: it backtracks; avoid nested or adjacent quantifiers over the same characters (such as (.+?)\\s*$)`);
}

/** A setting line's key and value, as /etc/default/LifeKeeper writes them. */
function settingValue(line: string, key: string): string | null {
  const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
  if (!m || m[1] !== key) return null;
  const v = (m[2] ?? '').trim();
  const q = /^"([^"]*)"|^'([^']*)'/.exec(v);
  if (q) return q[1] ?? q[2] ?? '';
  const c = /\s#/.exec(v);
  return (c ? v.slice(0, c.index) : v).trim();
}

export function settingMatches(rule: SettingRule, value: string): boolean {
  const w = rule.when;
  const n = /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : null;
  if ('equals' in w) return w.equals.some((x) => x.toLowerCase() === value.toLowerCase());
  if ('notEquals' in w) return !w.notEquals.some((x) => x.toLowerCase() === value.toLowerCase());
  if ('lessThan' in w) return n !== null && n < w.lessThan;
  if ('greaterThan' in w) return n !== null && n > w.greaterThan;
  return n !== null && (n <= 0 || !Number.isInteger(n) || (n & (n - 1)) !== 0);
}

/** Whether one line matches a rule, the way the engine will see it (keywords, then the regex). */
export function lineMatches(rule: PatternRule, line: string): boolean {
  if (rule.kind === 'setting') {
    const v = settingValue(line, rule.key);
    return v !== null && settingMatches(rule, v);
  }
  return rule.keywords.some((k) => line.includes(k)) && new RegExp(rule.pattern, rule.flags ?? '').test(line);
}

function checkSamples(rule: PatternRule): void {
  for (const s of rule.samples.match) need(lineMatches(rule, s), `sample that must match does not: ${s}`);
  for (const s of rule.samples.noMatch) need(!lineMatches(rule, s), `sample that must not match does: ${s}`);
}

/**
 * A rule's text with `{name}` placeholders filled: a value is the same in both
 * languages, or given per language; unknown names stay as written.
 * `{count|time|times}` is a number with its noun, singular or plural as the
 * number asks ("1 time", "3 times"): English needs it, Japanese writes `{count} 回`.
 */
export function fill(t: Text, values: Record<string, string | Text>): Text {
  const f = (s: string, lang: keyof Text): string =>
    s.replace(/\{(\w+)(?:\|([^|{}]*)\|([^|{}]*))?\}/g, (all, k: string, one?: string, many?: string) => {
      const v = values[k];
      const text = v === undefined ? undefined : typeof v === 'string' ? v : v[lang];
      if (text === undefined) return all;
      return one === undefined || many === undefined ? text : `${text} ${Number(text) === 1 ? one : many}`;
    });
  return { en: f(t.en, 'en'), ja: f(t.ja, 'ja') };
}

/** A hit's time as `{first}`/`{last}` show it; a line quoted without its syslog header has none, and the text says so. */
function hitTime(time: string | null | undefined): Text {
  return time ? { en: time.replace('T', ' '), ja: time.replace('T', ' ') } : { en: 'an unknown time', ja: '時刻不明' };
}

/**
 * `{between}` and `{span}`: the first and last times as a sentence says them, one time when they are the same
 * (a rule that fired once read "between 12:10:00 and 12:10:00"). `{first}` and `{last}` stay for rule packs.
 */
function period(first: Text, last: Text): { between: Text; span: Text } {
  const one = first.en === last.en;
  return {
    between: one ? { en: `at ${first.en}`, ja: `${first.ja} に` } : { en: `between ${first.en} and ${last.en}`, ja: `${first.ja} から ${last.ja} の間に` },
    span: one ? first : { en: `${first.en} to ${last.en}`, ja: `${first.ja} から ${last.ja} の間に` },
  };
}

interface Hit {
  groups: Record<string, string>;
  evidence: Evidence;
  time: string | null;
}

/** A finding shows the first four hits and the last; all are counted. */
const FIRST_HITS = 4;
/** Findings one rule reports at most: past this, the smaller groups are reported as one. */
const MAX_FINDINGS_PER_RULE = 10;
/** Groups (values of groupBy) followed per rule; hits of further values are counted, and the report says so. */
const MAX_GROUPS = 1000;

/** Characters that mean something in a regular expression: a literal part of a pattern holds none of them. */
const REGEX_SYNTAX = '\\^$.|?*+()[]{}';

const isLiteral = (part: string): boolean => [...part].every((c) => !REGEX_SYNTAX.includes(c));

/**
 * A pattern of the form `PREFIX(?<name>[^C]*)SUFFIX`, prefix and suffix plain
 * text and the suffix starting with C (most rules: `...destination system
 * "(?<peer>[^"]*)" is out of service`, `...quickCheck:(?<tag>[^:]*):001047:`),
 * matched without the regex: what it captures, or null where it does not
 * match. Equal to the regex on every text (a property test holds them
 * together): at each place the prefix occurs, the group runs to the next C,
 * and the suffix must start there (the group cannot give back a C to it).
 * The regex made a match array, its groups and the matched text for every
 * line of a storm: a tenth of everything an event-heavy analysis allocated.
 * Null for any other pattern, or with flags.
 */
export function literalCapture(pattern: string, flags: string): { name: string; capture: (text: string) => string | null } | null {
  if (flags !== '') return null;
  const m = /^([^(]+)\(\?<([A-Za-z_][A-Za-z0-9_]*)>\[\^(.)\]\*\)(.+)$/s.exec(pattern);
  if (!m) return null;
  const [, prefix = '', name = '', stop = '', suffix = ''] = m;
  if (!isLiteral(prefix) || !isLiteral(suffix) || REGEX_SYNTAX.includes(stop) || stop === '-' || !suffix.startsWith(stop)) return null;
  const capture = (text: string): string | null => {
    for (let p = text.indexOf(prefix); p >= 0; p = text.indexOf(prefix, p + 1)) {
      const start = p + prefix.length;
      const end = text.indexOf(stop, start);
      // No stop after this place: none after any later one either.
      if (end < 0) return null;
      if (text.startsWith(suffix, end)) return text.slice(start, end);
    }
    return null;
  };
  return { name, capture };
}

/**
 * A hit as it is kept while lines stream past: the line and the match's
 * groups as the regex returned them. Its evidence and its copy of the groups
 * are made in run(), for the hits a finding shows: a storm of one message
 * keeps its first four hits and its last, and making both for every line (the
 * last hit is replaced by the next) was most of a pattern rule's time.
 */
interface RawHit {
  /** The match's groups; or, for a pattern matched without the regex (literalCapture), its one group's value in `value`. */
  groups: Record<string, string> | undefined;
  value: string | null;
  line: SourceLine;
  time: string | null;
}

function hitOf(raw: RawHit, name: string | null): Hit {
  const groups = raw.value !== null && name !== null ? { [name]: raw.value } : { ...(raw.groups ?? {}) };
  return { groups, evidence: evidenceOf(raw.line), time: raw.time };
}

interface Groups {
  hits: Map<string, HeadTail<RawHit>>;
  ungrouped: number;
}

/** The value of the groupBy group: what `{ ...groups }[name] ?? ''` gives, without copying the groups for every line. */
function groupValue(groups: Record<string, string> | undefined, name: string): string {
  if (groups && Object.hasOwn(groups, name)) return groups[name] ?? '';
  return ({ ...(groups ?? {}) } as Record<string, string>)[name] ?? '';
}

function versionCheck(rule: PatternRule, lk: { version?: string | null } | undefined): 'applies' | 'out-of-range' | 'unknown' {
  if (!rule.versions) return 'applies';
  if (!lk?.version) return 'unknown';
  return lifeKeeperInRange(lk.version, rule.versions.min ?? null, rule.versions.max ?? null) ? 'applies' : 'out-of-range';
}

function logRuleAnalyzer(rule: LogPatternRule, pack: string): AnyAnalyzer {
  const re = new RegExp(rule.pattern, (rule.flags ?? '').replace('g', ''));
  // Matched by hand where the pattern allows, and only when grouping (if at all) by that one group.
  const literal = literalCapture(rule.pattern, (rule.flags ?? '').replace('g', ''));
  const fast = literal && (rule.groupBy === undefined || rule.groupBy === literal.name) ? literal : null;
  const fastName = fast ? fast.name : null;
  return defineAnalyzer<Groups>({
    meta: {
      id: rule.id, kind: 'rule', title: rule.title, severity: rule.severity, references: rule.references, action: rule.action,
      inputs: [rule.input], uses: ['lifekeeper-version', 'node-identity'], version: pack,
    },
    watch: {
      inputs: [rule.input],
      keywords: rule.keywords,
      init: () => ({ hits: new Map(), ungrouped: 0 }),
      onLine(groups, line, ctx) {
        let found: Record<string, string> | undefined;
        let value: string | null = null;
        let key = '';
        if (fast) {
          value = fast.capture(line.text);
          if (value === null) return;
          if (rule.groupBy) key = value;
        } else {
          const m = re.exec(line.text);
          if (!m) return;
          found = m.groups;
          key = rule.groupBy ? groupValue(m.groups, rule.groupBy) : '';
        }
        let hits = groups.hits.get(key);
        if (!hits) {
          if (groups.hits.size >= MAX_GROUPS) {
            groups.ungrouped++;
            return;
          }
          hits = new HeadTail<RawHit>(FIRST_HITS, 1);
          groups.hits.set(key, hits);
        }
        hits.push({ groups: found, value, line, time: ctx.parse(line)?.time?.local ?? null });
      },
    },
    run(ctx) {
      const v = versionCheck(rule, ctx.fact('lifekeeper-version'));
      if (v === 'out-of-range') return;
      if (v === 'unknown') return notChecked(text('the rule applies to some LifeKeeper versions and the version is unknown', 'このルールは特定の LifeKeeper バージョンに適用されますが、バージョンが不明です'));
      if (ctx.streamed(rule.input).length === 0) {
        return notChecked(text(`no ${rule.input === 'syslog' ? 'messages/syslog' : 'lifekeeper.log'} in the archive`, `アーカイブに ${rule.input === 'syslog' ? 'messages/syslog' : 'lifekeeper.log'} がありません`));
      }
      if (ctx.watched.ungrouped > 0) {
        ctx.note(text(
          `matched lines of more than ${MAX_GROUPS} different ${rule.groupBy ?? ''} values: ${ctx.watched.ungrouped} lines beyond them were counted, not reported`,
          `${rule.groupBy ?? ''} の値が ${MAX_GROUPS} 種類を超えて一致しました。超えた分の ${ctx.watched.ungrouped} 行は数えただけで報告していません`,
        ));
      }
      const firing = [...ctx.watched.hits.values()].filter((g) => g.total >= (rule.minCount ?? 1));
      // Many values at once (a storage outage timing out every resource) would bury the report in one
      // finding each: the largest groups keep theirs, the rest become one finding that names them.
      const own = firing.length > MAX_FINDINGS_PER_RULE ? [...firing].sort((a, b) => b.total - a.total).slice(0, MAX_FINDINGS_PER_RULE - 1) : firing;
      for (const group of firing.filter((g) => own.includes(g))) {
        const hits = group.items().map((h) => hitOf(h, fastName));
        const first = hits[0];
        const last = hits[hits.length - 1];
        if (!first || !last) continue;
        // The span in time of the timed hits (lines quoted without their syslog header have none).
        const timed = hits.filter((h) => h.time !== null);
        const from = hitTime(timed[0]?.time);
        const to = hitTime(timed.at(-1)?.time);
        const values = { ...first.groups, count: String(group.total), first: from, last: to, ...period(from, to) };
        ctx.report({ title: fill(rule.title, values), summary: fill(rule.summary, values), remediation: fill(rule.remediation, values), action: fill(rule.action, values), evidence: hits.map((h) => h.evidence) });
      }
      const rest = firing.filter((g) => !own.includes(g));
      if (rest.length > 0) reportTogether(ctx, rule, rest, fastName);
    },
  });
}

/**
 * The groups beyond a rule's own findings, as one: the rule's texts filled
 * with the list of values where the grouped value goes, the total count, the
 * earliest and latest times, and the first line of each group as evidence.
 */
/** What a rule's groupBy names, in Japanese, for the finding that lists several of them (`{tag}` of 12 resources, `{peer}` of 6 nodes). */
const GROUP_NAMES_JA: Readonly<Record<string, string>> = { tag: 'リソース', peer: PEER_NODE.ja, device: 'デバイス', md: 'md デバイス' };

function reportTogether(ctx: { report(f: FindingDraft): void }, rule: LogPatternRule, groups: ReadonlyArray<HeadTail<RawHit>>, name: string | null): void {
  const firsts = groups.map((g) => g.items()[0]).filter((h): h is RawHit => h !== undefined).map((h) => hitOf(h, name));
  const lasts = groups.map((g) => g.items().at(-1)).filter((h): h is RawHit => h !== undefined).map((h) => hitOf(h, name));
  const key = rule.groupBy ?? '';
  const names = firsts.map((h) => h.groups[key] ?? '');
  const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? ', …' : '');
  const times = [...firsts, ...lasts].map((h) => h.time).filter((t): t is string => t !== null).sort();
  const common = {
    ...firsts[0]?.groups,
    count: String(groups.reduce((n, g) => n + g.total, 0)),
    first: hitTime(times[0]),
    last: hitTime(times.at(-1)),
    ...period(hitTime(times[0]), hitTime(times.at(-1))),
  };
  const en = { ...common, [key]: `${groups.length} more ${key} values (${shown})` };
  // In Japanese the values are listed with 、 and the kind of value is named in Japanese, not by the rule's group name.
  const shownJa = names.slice(0, 5).join('、') + (names.length > 5 ? ' など' : '');
  const ja = { ...common, [key]: `${shownJa} (${GROUP_NAMES_JA[key] ?? '値'} ${groups.length} 種類)` };
  const both = (t: Text): Text => ({ en: fill(t, en).en, ja: fill(t, ja).ja });
  ctx.report({
    title: both(rule.title),
    summary: both(rule.summary),
    remediation: both(rule.remediation),
    action: both(rule.action),
    evidence: firsts.slice(0, MAX_FINDINGS_PER_RULE * 2).map((h) => h.evidence),
  });
}

function settingRuleAnalyzer(rule: SettingRule, pack: string): AnyAnalyzer {
  return defineAnalyzer({
    meta: {
      id: rule.id, kind: 'rule', title: rule.title, severity: rule.severity, references: rule.references, action: rule.action,
      inputs: [], needs: ['settings'], uses: ['lifekeeper-version'], version: pack,
    },
    run(ctx) {
      const v = versionCheck(rule, ctx.fact('lifekeeper-version'));
      if (v === 'out-of-range') return;
      if (v === 'unknown') return notChecked(text('the rule applies to some LifeKeeper versions and the version is unknown', 'このルールは特定の LifeKeeper バージョンに適用されますが、バージョンが不明です'));
      const settings = ctx.fact('settings');
      const s = settings?.lifekeeper.find((x) => x.key === rule.key);
      if (!s || !settingMatches(rule, s.value)) return;
      const values = { key: s.key, value: s.value };
      ctx.report({ title: fill(rule.title, values), summary: fill(rule.summary, values), remediation: fill(rule.remediation, values), action: fill(rule.action, values), evidence: [s.evidence] });
    },
  });
}

export function ruleAnalyzer(rule: PatternRule, packVersion: string): AnyAnalyzer {
  return rule.kind === 'log' ? logRuleAnalyzer(rule, packVersion) : settingRuleAnalyzer(rule, packVersion);
}

/** Loads a folder of rule files (and its pack.json). Broken files are listed in `errors` and skipped. */
export async function loadRulePack(dir: string, source = dir, fallbackVersion = '0', timePatterns = true): Promise<RulePack> {
  const pack: RulePack = { name: basename(dir), version: fallbackVersion, source, rules: [], errors: [], warnings: [] };
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  } catch (err) {
    pack.errors.push({ file: dir, reason: `cannot read the folder (${(err as NodeJS.ErrnoException).code ?? 'error'})` });
    return pack;
  }
  for (const file of files) {
    try {
      const raw = JSON.parse(await readFile(join(dir, file), 'utf8')) as unknown;
      if (file === 'pack.json') {
        const p = raw as { name?: unknown; version?: unknown };
        if (typeof p.name === 'string' && p.name) pack.name = p.name;
        if (typeof p.version === 'string' && p.version) pack.version = p.version;
        continue;
      }
      const rule = validateRule(raw, file.replace(/\.json$/, ''), timePatterns);
      pack.rules.push(rule);
      for (const r of rule.references) {
        const problems = referenceProblems(r);
        if (problems.length) pack.warnings.push({ file: join(dir, file), reason: `reference "${r.source}" is not one a reader can follow: ${problems.join('; ')}` });
      }
    } catch (err) {
      pack.errors.push({ file: join(dir, file), reason: err instanceof Error ? err.message : String(err) });
    }
  }
  return pack;
}
