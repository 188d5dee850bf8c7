// Reads a report document written by this or an earlier version: report@1
// stored seven facts under keys other than their analyzer ids (identity,
// lifekeeper, os, resources, commPaths, flags, resyncs); report@2 stores every
// fact under its analyzer id; report@3 adds facts (lifekeeper-messages) that
// an earlier report simply lacks, as a report lacks any fact it could not
// establish, and the changes section, empty when reading an older report (its
// findings do not say which archive of a node they came from, so nothing is
// compared after the fact); report@3 also no longer repeats lkscsid's
// restarts beside its starts (a restart is a start outside a LifeKeeper
// startup), dropped from an older report; report@4 adds the installed-packages
// fact and, in the changes section, what an incomplete comparison looked for
// and the count of packages the same on every node, all of which a report@3
// simply lacks. Anything else is refused with the reason.
import type { Report } from './report.js';
import { REPORT_SCHEMA } from './report.js';

/** report@1 fact keys and the analyzer ids that replaced them in report@2. */
export const FACT_KEYS_V1: Readonly<Record<string, string>> = {
  identity: 'node-identity',
  lifekeeper: 'lifekeeper-version',
  os: 'os-release',
  resources: 'resource-hierarchy',
  commPaths: 'comm-paths',
  flags: 'lifekeeper-flags',
  resyncs: 'resync-history',
};

export class ReportVersionError extends Error {}

/** What a report older than report@3 has in place of the changes section. */
const NO_CHANGES = { overTime: [], sideBySide: [] };

/** A node of an older report without lkscsid's copy of its restarts (report@3 holds each start once). */
function withoutRestartsCopy(n: unknown): unknown {
  const node = n as Record<string, unknown>;
  const lkscsid = node['lkscsid'];
  if (typeof lkscsid !== 'object' || lkscsid === null || !('restarts' in lkscsid)) return n;
  const { restarts: _copy, ...rest } = lkscsid as Record<string, unknown>;
  return { ...node, lkscsid: rest };
}

/** The report document in today's shape (report@4), from a parsed JSON file of any version. */
export function readReport(doc: unknown): Report {
  const schema = typeof doc === 'object' && doc !== null ? (doc as { schema?: unknown }).schema : undefined;
  if (schema === REPORT_SCHEMA) return doc as Report;
  // report@3 differs only by what it does not have: the same document under today's name.
  if (schema === 'lkanalyze/report@3') return { ...(doc as object), schema: REPORT_SCHEMA } as unknown as Report;
  // report@2 differs only by facts it does not have: the same document under today's name.
  if (schema === 'lkanalyze/report@2') {
    const nodes = (doc as { nodes?: unknown }).nodes;
    return { ...(doc as object), schema: REPORT_SCHEMA, changes: NO_CHANGES, nodes: Array.isArray(nodes) ? nodes.map(withoutRestartsCopy) : nodes } as unknown as Report;
  }
  if (schema !== 'lkanalyze/report@1') throw new ReportVersionError(`not an lkanalyze report (schema ${JSON.stringify(schema ?? null)}; expected ${REPORT_SCHEMA}, lkanalyze/report@3, lkanalyze/report@2 or lkanalyze/report@1)`);
  const old = doc as { nodes?: unknown };
  const nodes = Array.isArray(old.nodes) ? old.nodes : [];
  return {
    ...(doc as object),
    schema: REPORT_SCHEMA,
    changes: NO_CHANGES,
    nodes: nodes.map((n: unknown) =>
      withoutRestartsCopy(Object.fromEntries(Object.entries(n as Record<string, unknown>).map(([k, v]) => [FACT_KEYS_V1[k] ?? k, v]))),
    ),
  } as unknown as Report;
}
