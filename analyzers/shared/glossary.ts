// The fixed terms of every user-facing text, in English and Japanese, as SIOS's own Japanese documents write them (issue 16): rule texts, facts' reasons and the outputs' labels all take them from here.
//
// Pure data (no Node, no DOM): the analyzers import it from here, the outputs
// through presentation/glossary.ts. Each term says where its spelling comes
// from; `avoid` lists the variants a Japanese text must not use instead, which
// test/japanese.test.ts looks for in every Japanese string of the sources, the
// pattern rules and the rendered outputs. Sources: /work/shared/knowledge/sources (SIOS advisories and KB
// articles in Japanese, an operator's notes) and SIOS's Japanese documentation
// (docs.us.sios.com/.../ja/).

/** A term in both languages, with the Japanese spellings not to use for it. */
export interface Term {
  readonly en: string;
  readonly ja: string;
  /** Spellings a Japanese text must not use for this term (a string as it is, or a pattern). */
  readonly avoid: readonly (string | RegExp)[];
}

const term = (en: string, ja: string, avoid: readonly (string | RegExp)[] = []): Term => ({ en, ja, avoid });

/**
 * コミュニケーションパス: SIOS's own word for the LCM's paths between nodes (the lkscsid
 * advisory: 「コミュニケーションパスの障害時に」; the operator's notes; the docs'
 * "LifeKeeper 通信マネージャ" page: 「コミュニケーションパスを冗長化すると」).
 * 通信パス is not SIOS's word; 通信 alone stays for the traffic itself (通信障害).
 */
export const COMM_PATH = term('communication path', 'コミュニケーションパス', ['通信パス']);

/**
 * 部分再同期: DataKeeper's resync from the bitmap (message 104009). The md/raid1
 * advisory uses both 部分同期 and 部分再同期 (「DataKeeperの部分再同期が行われた場合に」);
 * we take the one that pairs with 完全再同期, so the two read as kinds of the same thing.
 */
export const PARTIAL_RESYNC = term('partial resync', '部分再同期', ['部分同期']);

/** 完全再同期: the md/raid1 advisory's 「完全再同期(Full Resync)」 (mirror_action fullresync); not 全同期 or 完全同期. */
export const FULL_RESYNC = term('full resync', '完全再同期', ['全同期', '完全同期']);

/** 再同期: the advisory and DataKeeper's parameters (「再同期の速度」). */
export const RESYNC = term('resync', '再同期');

/** ミラー: the md/raid1 advisory (「ミラーを完全な状態に保って」) and the mirror_action page 「コマンドラインからのミラー管理」. */
export const MIRROR = term('mirror', 'ミラー');

/**
 * 対向ノード: the other node of a pair, as SIOS's DataKeeper KB article writes it
 * (「対向ノードに data_corrupt ファイルを作成するよう通知します」); 相手ノード is not its word.
 */
export const PEER_NODE = term('peer node', '対向ノード', ['相手ノード', '相手側ノード']);

/** リソース階層: SIOS's docs (「リソースやリソース階層を定義するには」, コミュニケーションパスの page); 階層 alone where the context is clear, as SIOS writes it too. */
export const HIERARCHY = term('resource hierarchy', 'リソース階層', ['リソースツリー']);

/**
 * フェイルオーバー: the OCI iSCSI advisory (「迅速なフェイルオーバーへつなげる」) and SIOS's docs.
 * The operator's notes write フェールオーバ; SIOS's published texts do not.
 */
export const FAILOVER = term('failover', 'フェイルオーバー', ['フェールオーバ', /フェイルオーバ(?!ー)/]);

/**
 * スイッチオーバー: the manual move of a hierarchy and the shutdown strategy
 * "switchover" (SIOS's docs 「スイッチオーバー」). What merely moves is 切り替わる,
 * as the advisories say (「リソースが切り替わらない」「I/O は切り替わったノードに」).
 */
export const SWITCHOVER = term('switchover', 'スイッチオーバー', [/スイッチオーバ(?!ー)/]);

/** 切り替え: what moves from one node to another (the advisories' 切り替わる); not 切替 or 切替え. */
export const SWITCH = term('switch', '切り替え', ['切替']);

/**
 * 採取: collecting support information with lksupport, as SIOS's support pages
 * say (「lksupport で情報を採取」; formats.md's search for 「情報採取」). 取得 is
 * left for reading a value, never for collecting the archive.
 */
export const COLLECT = term('collect', '採取', [/取得時刻/, /アーカイブ(?:の)?取得/, /取得した/, /\(取得 /]);

/**
 * 該当箇所: the lines of the archive a finding stands on. Most are not log lines
 * (lcdstatus output, settings, flags), so 根拠ログ would be too narrow; 証拠 reads
 * as a court's word in a support reply.
 */
export const EVIDENCE = term('evidence', '該当箇所', ['証拠']);

/** 参考情報: the sources a finding cites, as the OCI advisory introduces its own (「参考情報とはなりますが」) and the md/raid1 advisory's 「[参考]」; 出典 is a scholar's word. */
export const REFERENCES = term('sources', '参考情報', ['出典']);

/** ソース / ターゲット: DataKeeper's roles, as the md/raid1 advisory writes them (「Source側(稼働側)」「Target側(待機側)」) and the KB's ターゲットサーバ. */
export const SOURCE = term('source', 'ソース');
export const TARGET = term('target', 'ターゲット');

/** スプリットブレイン: the lkscsid advisory and the operator's notes. */
export const SPLIT_BRAIN = term('split brain', 'スプリットブレイン');

/** SCSI リザベーション: the lkscsid advisory (「SCSI リザベーションにより」); the operator's notes too. */
export const RESERVATION = term('SCSI reservation', 'SCSI リザベーション', ['リザーベーション']);

/** ハートビート: SIOS's docs (「LifeKeeper のハートビート」) and the operator's notes. */
export const HEARTBEAT = term('heartbeat', 'ハートビート');

/** リカバリーキット: SIOS's Japanese product pages (「リカバリーキット」). */
export const RECOVERY_KIT = term('recovery kit', 'リカバリーキット', ['リカバリキット']);

/** データレプリケーションリソース: the DataKeeper KB article and the operator's notes. */
export const DATA_REPLICATION_RESOURCE = term('data replication resource', 'データレプリケーションリソース');

/** コアファイル: what a crashed daemon leaves (the lkscsid advisory's 「core ファイル」, in katakana as the docs write it). */
export const CORE_FILE = term('core file', 'コアファイル');

/** フラグファイル: the DataKeeper KB's 「フラグファイルを作成する」 (data_corrupt, last_owner). */
export const FLAG_FILE = term('flag file', 'フラグファイル');

/** Every term, by name: the tests walk it for the variants to avoid. */
export const GLOSSARY = {
  commPath: COMM_PATH,
  partialResync: PARTIAL_RESYNC,
  fullResync: FULL_RESYNC,
  resync: RESYNC,
  mirror: MIRROR,
  peerNode: PEER_NODE,
  hierarchy: HIERARCHY,
  failover: FAILOVER,
  switchover: SWITCHOVER,
  switch: SWITCH,
  collect: COLLECT,
  evidence: EVIDENCE,
  references: REFERENCES,
  source: SOURCE,
  target: TARGET,
  splitBrain: SPLIT_BRAIN,
  reservation: RESERVATION,
  heartbeat: HEARTBEAT,
  recoveryKit: RECOVERY_KIT,
  dataReplicationResource: DATA_REPLICATION_RESOURCE,
  coreFile: CORE_FILE,
  flagFile: FLAG_FILE,
} as const satisfies Record<string, Term>;

/** The glossary's variants found in a Japanese text, each with the term to use instead; none when it keeps to the glossary. */
export function glossaryViolations(ja: string): Array<{ found: string; use: string }> {
  const out: Array<{ found: string; use: string }> = [];
  for (const t of Object.values(GLOSSARY)) {
    for (const bad of t.avoid) {
      const found = typeof bad === 'string' ? (ja.includes(bad) ? bad : null) : (new RegExp(bad.source, bad.flags.replace('g', '')).exec(ja)?.[0] ?? null);
      if (found) out.push({ found, use: t.ja });
    }
  }
  return out;
}
