import { describe, expect, it } from 'vitest';
import { archivesFromArgv, keepChosenArchives } from './chosen-archives.js';

const files = new Set(['/case/ticket.zip', '/case/TICKET2.ZIP', '/case/n1.tar.gz', '/case/n2.tgz', '/case/n3.tar', '/case/notes.txt']);
const isFile = async (p: string): Promise<boolean> => files.has(p);

describe('archives chosen in the desktop app', () => {
  it('keeps a .zip chosen in the open dialog or dropped, as the engine reads it as a container of node archives', async () => {
    expect(await keepChosenArchives(['/case/ticket.zip', '/case/TICKET2.ZIP'], isFile)).toEqual(['/case/ticket.zip', '/case/TICKET2.ZIP']);
  });

  it('keeps node archives in the order chosen, and drops other files and paths that are not files', async () => {
    const chosen = ['/case/n3.tar', '/case/notes.txt', '/case/n1.tar.gz', '/case/missing.tar.gz', '/case/n2.tgz', '/case/ticket.zip'];
    expect(await keepChosenArchives(chosen, isFile)).toEqual(['/case/n3.tar', '/case/n1.tar.gz', '/case/n2.tgz', '/case/ticket.zip']);
  });

  it('takes archives from the command line after Electron\'s own arguments, a .zip too', () => {
    expect(archivesFromArgv(['electron', 'dist/app/electron/main.js', 'a.tar.gz', '--flag', 'case.zip', 'readme.md'], false)).toEqual(['a.tar.gz', 'case.zip']);
    expect(archivesFromArgv(['/opt/lkanalyze/lkanalyze-app', 'case.zip'], true)).toEqual(['case.zip']);
  });
});
