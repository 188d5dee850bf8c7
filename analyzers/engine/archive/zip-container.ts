// A zip a ticket came with, holding the nodes' lksupport archives. Its central
// directory lists the members; each inner archive is inflated as a stream
// straight into the tar reader. Nothing is written to disk.
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { ArchiveError, normalizeMemberPath } from './archive.js';
import type { MemberHeader } from './archive.js';
import { text } from '../plugin/text.js';

export interface ZipContainerResult {
  bytes: number;
  /** Entries in the zip (directories included). */
  members: number;
}

/**
 * Calls `onArchive` for each member whose name says it is an archive, one at
 * a time. Names are decoded by us (as UTF-8) and checked like tar paths:
 * yauzl's own check would stop the whole zip at the first absolute or `..` name.
 */
export async function readZipContainer(
  file: string,
  isArchiveName: (path: string) => boolean,
  onArchive: (header: MemberHeader, content: Readable) => Promise<void>,
  signal?: AbortSignal,
): Promise<ZipContainerResult> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, decodeStrings: false, autoClose: false });
  } catch (err) {
    throw new ArchiveError('corrupt', text(
      `it is a zip file, but its directory cannot be read (${(err as Error).message})`,
      `zip ファイルですが、その目次を読めません (${(err as Error).message})`,
    ));
  }
  const bytes = zip.fileSize;
  let members = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      members++;
      if (signal?.aborted) throw new ArchiveError('cancelled', text('reading was cancelled', '読み込みを中止しました'));
      const rawName = entry.fileNameRaw.toString('utf8');
      const { path, pathProblem } = normalizeMemberPath(rawName);
      if (rawName.endsWith('/') || pathProblem || entry.isEncrypted() || !isArchiveName(path)) continue;
      const header: MemberHeader = {
        path, rawName, type: 'file', size: entry.uncompressedSize, mtime: entry.getLastModDate(), linkTarget: null, pathProblem: null,
      };
      await onArchive(header, await zip.openReadStreamPromise(entry));
    }
  } catch (err) {
    if (err instanceof ArchiveError) throw err;
    throw new ArchiveError('corrupt', text(
      `the zip file is corrupt after ${members} members (${(err as Error).message})`,
      `zip ファイルが ${members} 番目のメンバーの後で壊れています (${(err as Error).message})`,
    ));
  } finally {
    zip.close();
  }
  return { bytes, members };
}
