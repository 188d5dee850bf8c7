// The explicit list of analyzers the engine runs. A meta-test checks that it
// and the analyzer folders agree: add a folder, add it here.
import type { AnyAnalyzer } from './core/analyzer.js';
import kernel from './kernel/index.js';
import lifekeeperVersion from './lifekeeper-version/index.js';
import nodeIdentity from './node-identity/index.js';
import osRelease from './os-release/index.js';

export const ANALYZERS: readonly AnyAnalyzer[] = [
  nodeIdentity,
  lifekeeperVersion,
  osRelease,
  kernel,
];
