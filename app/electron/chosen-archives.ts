// Which paths the desktop app adds when the user chooses files (open dialog, drop, command line, recent list): the engine's input archive names, and only files that exist. Pure, so it is tested where Electron cannot run.
import { isInputArchiveName } from '../../analyzers/engine/archive/archive-names.js';

/** The archives among the chosen paths, in the order chosen: .tar.gz, .tgz, .tar or .zip, and a file (not a folder, not missing). */
export async function keepChosenArchives(paths: readonly string[], isFile: (path: string) => Promise<boolean>): Promise<string[]> {
  const kept: string[] = [];
  for (const p of paths) if (isInputArchiveName(p) && (await isFile(p))) kept.push(p);
  return kept;
}

/** Archives named on the command line (`lkanalyze-app <archive>`), after Electron's own arguments (the app path too when not packaged). */
export function archivesFromArgv(argv: readonly string[], packaged: boolean): string[] {
  return argv.slice(packaged ? 1 : 2).filter((a) => !a.startsWith('-') && isInputArchiveName(a));
}
