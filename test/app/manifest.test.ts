import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { validate } from '@forge/manifest';
import { REPO_ROOT, repoTempDir } from '../support/local-process';

async function errorsOf(manifestPath: string): Promise<string[]> {
  const result = await validate(false, manifestPath);
  return (result.errors ?? []).filter((e) => e.level === 'error').map((e) => e.message);
}

/** A copy of the app's manifest with the files full validation looks for (handlers, resources). */
function appCopy(edit: (manifest: string) => string = (m) => m): string {
  const dir = repoTempDir('manifest');
  cpSync(path.join(REPO_ROOT, 'src'), path.join(dir, 'src'), { recursive: true });
  for (const app of ['admin', 'poll', 'automation']) {
    mkdirSync(path.join(dir, 'static', app, 'dist'), { recursive: true });
    writeFileSync(path.join(dir, 'static', app, 'dist', 'index.html'), '<!doctype html>');
  }
  writeFileSync(path.join(dir, 'manifest.yml'), edit(readFileSync(path.join(REPO_ROOT, 'manifest.yml'), 'utf8')));
  return path.join(dir, 'manifest.yml');
}

describe('manifest.yml', () => {
  it('passes @forge/manifest full validation with no errors', async () => {
    expect(await errorsOf(path.join(REPO_ROOT, 'manifest.yml'))).toEqual([]);
  });

  it('passes the same validation in a copy, so the broken copies below fail for their edit alone', async () => {
    expect(await errorsOf(appCopy())).toEqual([]);
  });

  it('fails validation when a handler names a file that does not exist', async () => {
    const errors = await errorsOf(appCopy((m) => m.replace('handler: functions/polls-api.handler', 'handler: functions/gone.handler')));
    expect(errors).toEqual([expect.stringContaining("cannot find associated file with name 'functions/gone")]);
  });

  it('fails validation when a resource path does not exist', async () => {
    const errors = await errorsOf(appCopy((m) => m.replace('path: static/admin/dist', 'path: static/admin/missing')));
    expect(errors).toEqual([expect.stringContaining("missing resource 'static/admin/missing'")]);
  });
});
