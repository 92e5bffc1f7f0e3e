import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LocalRuntime, type LocalRuntimeOptions } from '../../local/runtime';
import { REPO_ROOT, repoTempDir } from './local-process';

/** The runtime's own fixture app: a function of every kind that reports what it received. */
export const ECHO_APP = path.join(REPO_ROOT, 'test', 'fixtures', 'echo-app');

export type FunctionFailure = { error: unknown; where: string };

/** The local runtime over the echo app, in memory; what its functions throw is pushed to `failures`. */
export function echoRuntime(failures: FunctionFailure[], options: LocalRuntimeOptions = {}): LocalRuntime {
  return new LocalRuntime({
    manifestPath: path.join(ECHO_APP, 'manifest.yml'),
    onFunctionError: (error, where) => failures.push({ error, where }),
    ...options,
  });
}

/** A copy of the echo app with its manifest changed by `edit`; answers the copy's manifest path. */
export function editedEchoApp(prefix: string, edit: (manifest: string) => string): string {
  const dir = repoTempDir(prefix);
  cpSync(ECHO_APP, dir, { recursive: true });
  const file = path.join(dir, 'manifest.yml');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return file;
}
