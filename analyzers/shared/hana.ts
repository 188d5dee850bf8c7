// What the SAP HANA recovery kit leaves in an archive: its LCD flags
// (`!HANA_DATA_OUT_OF_SYNC_<tag>`, `!HANA_LAST_OWNER_<tag>`,
// `!HANA_DATA_CONSISTENCY_UNKNOWN_<tag>`, `!HANA_STARTUP_DONE_<tag>`,
// `!volatile!noHANAremove_<tag>`; SIOS 9.8.1 sap-hana-last-owner-users-guide,
// 9.4.1 administration-of-sap-hana-resource) and its resources. The kit's
// resource type name is not public [GUESS]: a resource is HANA's when its app
// or type names hana, or, where neither is known, its tag starts with HANA.

export type HanaFlagKind = 'out-of-sync' | 'last-owner' | 'consistency-unknown' | 'startup-done' | 'no-remove';

export interface HanaFlag {
  kind: HanaFlagKind;
  /** The resource tag the flag names ('' when the flag names none). */
  tag: string;
}

const KINDS: ReadonlyArray<[RegExp, HanaFlagKind]> = [
  [/^!?HANA_DATA_OUT_OF_SYNC[_ ](.*)$/i, 'out-of-sync'],
  [/^!?HANA_LAST_OWNER[_ ](.*)$/i, 'last-owner'],
  [/^!?HANA_DATA_CONSISTENCY_UNKNOWN[_ ](.*)$/i, 'consistency-unknown'],
  [/^!?HANA_STARTUP_DONE[_ ](.*)$/i, 'startup-done'],
  // Documented with an underscore; seen in the wild with a space (`!volatile!noHANAremove HANA-S4D`).
  [/^!?volatile!noHANAremove(?:[_ ](.*))?$/i, 'no-remove'],
];

/** The HANA kit flag a flag is, or null. */
export function hanaFlag(flag: string): HanaFlag | null {
  const f = flag.trim();
  for (const [re, kind] of KINDS) {
    const m = re.exec(f);
    if (m) return { kind, tag: (m[1] ?? '').trim() };
  }
  return null;
}

/** Whether a resource is protected by the SAP HANA recovery kit (type name [GUESS], see above). */
export function isHanaResource(r: { app: string | null; type: string | null; tag: string; typeSource: string | null }): boolean {
  if (/hana/i.test(r.app ?? '') || /hana/i.test(r.type ?? '')) return true;
  return (r.type === null || r.typeSource === 'inferred') && /^HANA[-_]/i.test(r.tag);
}
