// Small display helpers shared by the components and the export.
export function when(iso: string | null | undefined): string {
  return iso ? iso.replace('T', ' ').slice(0, 19) : '';
}

export { formatBytes as bytes } from '../../analyzers/engine/report/units.js';

export function where(e: { node?: string; path: string; line: number }): string {
  return `${e.node ? `${e.node}: ` : ''}${e.line > 0 ? `${e.path}:${e.line}` : e.path}`;
}
