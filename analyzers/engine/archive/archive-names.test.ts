import { describe, expect, it } from 'vitest';
import { INPUT_ARCHIVE_DIALOG_EXTENSIONS, isInputArchiveName, isNestedArchiveName } from './archive-names.js';

describe('archive names', () => {
  it('an input may be a node archive or the zip a ticket came in, in any case', () => {
    for (const name of ['n1.tar.gz', 'N1.TGZ', '/x/n1.tar', 'ticket.zip', 'C:\\case\\TICKET.ZIP']) expect(isInputArchiveName(name), name).toBe(true);
    for (const name of ['n1.gz', 'n1.tar.xz', 'notes.txt', 'zip', 'archive.tar.gz.part']) expect(isInputArchiveName(name), name).toBe(false);
  });

  it('inside a container only node archives are read: a zip there is not', () => {
    expect(['a/n1.tar.gz', 'n2.tgz', 'n3.tar'].map(isNestedArchiveName)).toEqual([true, true, true]);
    expect(isNestedArchiveName('inner/more.zip')).toBe(false);
  });

  it('file dialogs filter on the last suffix of each', () => {
    expect(INPUT_ARCHIVE_DIALOG_EXTENSIONS).toEqual(['gz', 'tgz', 'tar', 'zip']);
  });
});
