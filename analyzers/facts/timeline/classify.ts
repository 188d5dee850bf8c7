// Decides which log lines are timeline events and how repeated ones group:
// bursts of the same event (same kind and subject, each within `gapMs` of the
// last) become one event with a count; EMERG/FATAL/ERROR messages without a
// more specific meaning group by message ID over the whole log.
import type { Severity } from '../../engine/plugin/findings.js';
import type { LogLine } from '../../engine/lines/syslog.js';
import type { Text } from '../../engine/plugin/text.js';
import { text } from '../../engine/plugin/text.js';
import { FAILOVER, SWITCHOVER } from '../../shared/glossary.js';

export type EventKind =
  | 'lifekeeper-start' | 'lifekeeper-ready' | 'lifekeeper-stop'
  | 'restore' | 'remove' | 'recover' | 'failover' | 'switchover'
  | 'comm-failure' | 'comm-path-dead'
  | 'quickcheck-timeout' | 'quickcheck-failed'
  | 'lkscsid-device-failure' | 'daemon-crash' | 'iscsi-reopen-storm'
  | 'quorum-loss' | 'system-boot' | 'system-starved'
  | 'message-group' | 'resync';

export type Component = 'lifekeeper' | 'resource' | 'comm' | 'quickcheck' | 'lkscsid' | 'iscsi' | 'datakeeper' | 'system';

export interface Classified {
  kind: EventKind;
  severity: Severity;
  component: Component;
  tag: string | null;
  msgid: string | null;
  /**
   * The event's title, made only when the event starts a group: in a storm of
   * one event most lines join an open group, and building two strings for
   * each of them was a third of the time of an event-heavy log.
   */
  describe: () => Text;
  /** Events with the same key within gapMs of each other merge. null: never merge. */
  groupKey: string | null;
  gapMs: number;
}

const TEN_MIN = 10 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

const ACTION = /^(BEGIN|END successful|END failed) (restore|remove|recover) of "([^"]{1,256})"/;
const DAEMONS = 'lkscsid|lcm|lcd|lkcheck|lk_logmgr|ttymonlcm|lkvmhad|lkguiserver|lcdremexec';
const SEGFAULT = new RegExp(`\\b(${DAEMONS})\\[(\\d+)\\]: segfault at`);
// abrt: `Process 6847 (lkscsid) of user 0 killed by SIGSEGV - dumping core`; systemd-coredump (RHEL 8 and later, SLES 15):
// `Process 6847 (lkscsid) of user 0 dumped core.`
const KILLED = new RegExp(`Process (\\d+) \\((${DAEMONS})\\) of user \\d+ (?:killed by (SIG\\w+)|dumped core)`);

/** Byte keywords for the log watchers: a line without any of them is never decoded. */
export const LIFEKEEPER_KEYWORDS = [
  '010021', '010462', 'shutdown', 'SHUTTING DOWN', 'restore of', 'remove of', 'recover of',
  '004217', '001047', 'failed quickCheck', '007059', '007078', 'failover', 'FAILOVER', 'switchover',
  'Switchover', 'SWITCHOVER', 'perform_action', 'uorum', 'QUORUM',
  'EMERG:', 'FATAL:', 'ERROR:',
];
export const SYSLOG_KEYWORDS = ['re-opening session', 'segfault', 'killed by SIG', 'dumped core', 'Linux version', 'blocked for more than', 'soft lockup', 'self-detected stall', 'Out of memory'];

/**
 * Quorum lost, in words: no message id or text is public. The docs call a
 * failed check "quorum check failed" and speak of a node that "loses quorum";
 * a guess, varied in the samples. A setting echoed at startup
 * (QUORUM_LOSS_ACTION=fastboot) is not a loss.
 */
const QUORUM_LOST = /\bquorum\b.{0,80}\b(lost|loss|failed|not (?:have|held))\b|\b(lost|loses|loss of|no|without) quorum\b/i;
/** A manual switchover named in a line: the notification event names it "Manual Switchover" (formats.md §2.11), an in-service request perform_action -a restore. */
const SWITCHOVER_NAMED = /\bswitchover\b/i;
const IN_SERVICE_REQUEST = /\bperform_action\b.{0,200}-a\s{1,4}restore\b/;
/** A kernel starting: the first line of every boot in messages. */
const BOOT = /^Linux version \d/;
/** The kernel saying the machine could not run its tasks: hung tasks, soft lockups, RCU stalls, the OOM killer. */
const STARVED = /blocked for more than \d{1,6} seconds|soft lockup|self-detected stall|Out of memory: Kill/;

/**
 * Classifications that depend only on one string of the line (the peer of a
 * communication failure, the resource of a quickCheck timeout), made once per
 * value: they are read, never changed (the grouper copies their fields).
 * Bounded, whatever the archive: past MAX_SHARED values a cache starts again.
 */
const COMM_FAILURES = new Map<string, Classified>();
const QUICKCHECK_TIMEOUTS = new Map<string, Classified>();
const MAX_SHARED = 1024;

function remember(cache: Map<string, Classified>, key: string, c: Classified): void {
  if (cache.size >= MAX_SHARED) cache.clear();
  cache.set(key, c);
}

const DESTINATION = 'destination system "';

/**
 * The peer of a communication failure: what /destination system "([^"]{1,255})"/
 * captures (the first place where 1 to 255 characters other than a quote
 * follow and a quote closes them), '' where it matches nowhere.
 */
export function peerOf(s: string): string {
  for (let i = s.indexOf(DESTINATION); i >= 0; i = s.indexOf(DESTINATION, i + 1)) {
    const start = i + DESTINATION.length;
    const end = s.indexOf('"', start);
    // No quote after this place: none after any later one either.
    if (end < 0) return '';
    if (end > start && end - start <= 255) return s.slice(start, end);
  }
  return '';
}

export function classifyLifeKeeperLine(l: LogLine): Classified | null {
  const lk = l.lk;
  if (!lk) return null;
  const tag = lk.tag || null;
  const msgid = lk.msgid;
  // Message ids first: they are the frequent events, and a comparison costs less than the text searches below.
  if (msgid === '010021') return { tag, msgid, groupKey: null, gapMs: 0, kind: 'lifekeeper-start', severity: 'info', component: 'lifekeeper', describe: () => text('LifeKeeper starting', 'LifeKeeper 起動開始') };
  if (msgid === '010462') return { tag, msgid, groupKey: null, gapMs: 0, kind: 'lifekeeper-ready', severity: 'info', component: 'lifekeeper', describe: () => text('LifeKeeper LCD daemon available', 'LifeKeeper LCD デーモン使用可能') };
  // The two frequent events of a storm: one classification per peer or resource, made once and shared (every
  // line of a storm made its own object, closure, key string and regex match: a third of the timeline's time).
  if (msgid === '004217') {
    const peer = peerOf(lk.text);
    let c = COMM_FAILURES.get(peer);
    if (!c) {
      c = {
        tag: peer || null, msgid, kind: 'comm-failure', severity: 'warning', component: 'comm', groupKey: `comm:${peer}`, gapMs: TEN_MIN,
        describe: () => text(`Communication failure: ${peer} out of service`, `通信障害: ${peer} がサービス停止状態`),
      };
      remember(COMM_FAILURES, peer, c);
    }
    return c;
  }
  if (msgid === '001047') {
    const resource = lk.tag;
    let c = QUICKCHECK_TIMEOUTS.get(resource);
    if (!c) {
      c = {
        tag, msgid, kind: 'quickcheck-timeout', severity: 'info', component: 'quickcheck', groupKey: `qc-alrm:${resource}`, gapMs: HOUR,
        describe: () => text(`quickCheck of "${resource}" timed out (ALRM)`, `"${resource}" の quickCheck がタイムアウト (ALRM)`),
      };
      remember(QUICKCHECK_TIMEOUTS, resource, c);
    }
    return c;
  }
  if (msgid === '007059' || msgid === '007078') {
    const device = /'(\/dev\/[^']{1,64})'/.exec(lk.text)?.[1] ?? '';
    return {
      tag: device || null, msgid, kind: 'lkscsid-device-failure', severity: 'warning', component: 'lkscsid', groupKey: `lkscsid:${device}`, gapMs: TEN_MIN,
      describe: () => text(`lkscsid device failure on ${device}`, `lkscsid がデバイス ${device} の障害を検出`),
    };
  }
  if (/\bshutdown (initiated|complete)\b|SHUTTING DOWN/i.test(lk.text) || (lk.component === 'shutdown' && lk.severity === 'NOTIFY')) {
    return { tag, msgid, groupKey: null, gapMs: 0, kind: 'lifekeeper-stop', severity: 'info', component: 'lifekeeper', describe: () => text(`LifeKeeper shutdown: ${lk.text}`, `LifeKeeper 停止: ${lk.text}`) };
  }
  const action = ACTION.exec(lk.text);
  if (action) {
    const [, phase = '', verb = '', resource = ''] = action;
    const failed = phase === 'END failed';
    const kind = verb as 'restore' | 'remove' | 'recover';
    return {
      tag: resource, msgid, groupKey: null, gapMs: 0, kind, severity: failed ? 'warning' : 'info', component: 'resource',
      describe: () => {
        const ja = { restore: '起動', remove: '停止', recover: '回復' }[kind];
        const jaPhase = phase === 'BEGIN' ? '開始' : failed ? '失敗' : '成功';
        return text(`${phase === 'BEGIN' ? 'Begin' : failed ? 'Failed' : 'End'} ${verb} of "${resource}"`, `"${resource}" の${ja}${jaPhase}`);
      },
    };
  }
  if (/END failed quickCheck/.test(lk.text)) {
    return {
      tag, msgid, kind: 'quickcheck-failed', severity: 'warning', component: 'quickcheck', groupKey: `qc-fail:${lk.tag}`, gapMs: TEN_MIN,
      describe: () => text(`quickCheck of "${lk.tag}" failed`, `"${lk.tag}" の quickCheck 失敗`),
    };
  }
  if (QUORUM_LOST.test(lk.text)) {
    return {
      tag, msgid, kind: 'quorum-loss', severity: 'warning', component: 'comm', groupKey: 'quorum', gapMs: TEN_MIN,
      describe: () => text(`Quorum lost: ${lk.text}`, `クォーラム喪失: ${lk.text}`),
    };
  }
  if (/FAILOVER RECOVERY OF MACHINE|\bfailover\b/i.test(lk.text) && lk.severity !== 'INFO') {
    return { tag, msgid, groupKey: null, gapMs: 0, kind: 'failover', severity: 'warning', component: 'lifekeeper', describe: () => text(`Failover: ${lk.text}`, `${FAILOVER.ja}: ${lk.text}`) };
  }
  if ((SWITCHOVER_NAMED.test(lk.text) && !/shutdown_switchover/.test(lk.text)) || IN_SERVICE_REQUEST.test(lk.text)) {
    return { tag, msgid, groupKey: null, gapMs: 0, kind: 'switchover', severity: 'info', component: 'lifekeeper', describe: () => text(`Switchover: ${lk.text}`, `${SWITCHOVER.ja}: ${lk.text}`) };
  }
  if (lk.severity === 'EMERG' || lk.severity === 'FATAL' || lk.severity === 'ERROR') {
    return {
      tag: null, msgid, kind: 'message-group', severity: lk.severity === 'ERROR' ? 'warning' : 'critical', component: 'lifekeeper',
      groupKey: `msg:${lk.severity}:${msgid}`, gapMs: Number.POSITIVE_INFINITY,
      describe: () => {
        const title = `${lk.severity} ${msgid}: ${lk.text}`;
        return text(title, title);
      },
    };
  }
  return null;
}

export function classifySyslogLine(l: LogLine): Classified | null {
  const reopen = /re-opening session (\d+)/.exec(l.message);
  if (reopen) {
    return {
      kind: 'iscsi-reopen-storm', severity: 'warning', component: 'iscsi', tag: `session ${reopen[1]}`, msgid: null,
      groupKey: `iscsi:${reopen[1]}`, gapMs: TEN_MIN,
      describe: () => text(`iSCSI session ${reopen[1]} re-opening repeatedly`, `iSCSI セッション ${reopen[1]} の再接続が繰り返し発生`),
    };
  }
  if (l.program === 'kernel' && BOOT.test(l.message)) {
    return {
      kind: 'system-boot', severity: 'info', component: 'system', tag: null, msgid: null, groupKey: null, gapMs: 0,
      describe: () => text('System booted (kernel started)', 'システム起動(カーネル起動)'),
    };
  }
  const starved = STARVED.exec(l.message);
  if (starved) {
    return {
      kind: 'system-starved', severity: 'warning', component: 'system', tag: null, msgid: null, groupKey: 'starved', gapMs: TEN_MIN,
      describe: () => text(`The system could not run its tasks (${starved[0]})`, 'システムが過負荷でタスクを実行できない状態(カーネルの警告)'),
    };
  }
  const crash = SEGFAULT.exec(l.message);
  const killed = KILLED.exec(l.message);
  if (crash || killed) {
    const daemon = crash?.[1] ?? killed?.[2] ?? '';
    const pid = crash?.[2] ?? killed?.[1] ?? '';
    return {
      kind: 'daemon-crash', severity: 'critical', component: daemon === 'lkscsid' ? 'lkscsid' : 'lifekeeper', tag: daemon, msgid: null,
      groupKey: `crash:${daemon}:${pid}`, gapMs: TEN_MIN,
      describe: () => text(`LifeKeeper daemon ${daemon} (pid ${pid}) crashed`, `LifeKeeper デーモン ${daemon} (PID ${pid}) が異常終了`),
    };
  }
  return null;
}
