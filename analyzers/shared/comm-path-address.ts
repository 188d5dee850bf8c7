// How a comm path is named by where it runs: its device for a TTY path,
// `local/remote` addresses otherwise. One definition for the facts, the rules,
// the cluster view and every output (presentation/ uses it too: it is pure).
export interface CommPathEnds {
  type: string;
  device: string | null;
  localAddress: string | null;
  remoteAddress: string | null;
}

export function commPathAddress(p: CommPathEnds): string {
  return p.type === 'TTY' ? p.device ?? '' : `${p.localAddress ?? ''}/${p.remoteAddress ?? ''}`;
}
