// What asks the log view to open: an evidence line (by node and member path),
// a search hit or a member (by member id), or the logs of every node around
// an evidence line. Shared by the report's components
// and the log view, which watches it.
export interface OpenRequest {
  /** The node (hostname) whose archive holds the member, when the evidence names one. */
  node: string | null;
  /** The member's path as the report names it, or null when the member id is known. */
  path: string | null;
  member: string | null;
  line: number;
  /** Set: not the log view but every log of every node, ± this many minutes around the line's time. */
  around?: number;
  /** Each request is new, even for the same line twice. */
  serial: number;
}

let serial = 0;

export const lognav = $state<{ request: OpenRequest | null }>({ request: null });

export function openAtLine(node: string | null, path: string, line: number): void {
  lognav.request = { node, path, member: null, line, serial: ++serial };
}

/** Every log of every node around an evidence line's time, in one time order ("All logs by time"). */
export function openAround(node: string | null, path: string, line: number, minutes: number): void {
  lognav.request = { node, path, member: null, line, around: minutes, serial: ++serial };
}

export function openMember(member: string, line: number): void {
  lognav.request = { node: null, path: null, member, line, serial: ++serial };
}
