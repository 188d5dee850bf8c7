// Which file names are archives, written once: what a user may give (node archives and the zip a ticket came in) and what, inside such a container, is read as a node archive.

/** An lksupport archive of one node (or a tar of several): gzip-compressed or plain tar. */
export const NODE_ARCHIVE_EXTENSIONS = ['.tar.gz', '.tgz', '.tar'] as const;

/**
 * What may be given to the analyzer (command line, file dialog, drop): a node
 * archive, or a zip holding node archives. A zip is only ever a top-level
 * container: yauzl needs its central directory at the end of a seekable file,
 * and members of a container are streamed, so a zip inside a tar or zip is
 * not read and does not count as a nested archive (see NESTED_ARCHIVE_PATTERN).
 */
export const INPUT_ARCHIVE_EXTENSIONS = [...NODE_ARCHIVE_EXTENSIONS, '.zip'] as const;

const endingIn = (extensions: readonly string[]): RegExp =>
  new RegExp(`(?:${extensions.map((ext) => ext.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`, 'i');

/** An input archive's name: .tar.gz, .tgz, .tar or .zip, any case. */
export const INPUT_ARCHIVE_PATTERN = endingIn(INPUT_ARCHIVE_EXTENSIONS);

/** A member of a container that is read as a node archive: .tar.gz, .tgz or .tar, never .zip (see INPUT_ARCHIVE_EXTENSIONS). */
export const NESTED_ARCHIVE_PATTERN = endingIn(NODE_ARCHIVE_EXTENSIONS);

export function isInputArchiveName(name: string): boolean {
  return INPUT_ARCHIVE_PATTERN.test(name);
}

export function isNestedArchiveName(name: string): boolean {
  return NESTED_ARCHIVE_PATTERN.test(name);
}

/** The last suffix of each input extension (gz, tgz, tar, zip): file dialogs filter on one suffix only. */
export const INPUT_ARCHIVE_DIALOG_EXTENSIONS: readonly string[] = [...new Set(INPUT_ARCHIVE_EXTENSIONS.map((ext) => ext.slice(ext.lastIndexOf('.') + 1)))];
