import path from 'node:path';
import { startLocalServer } from './http/server';
import { LocalRuntime } from './runtime';

/** `npm start`: the app on this machine, with its data in FORGE_LOCAL_DIR (default .forge-local/). */
async function main(): Promise<void> {
  const port = Number.parseInt(process.env['PORT'] ?? '8080', 10);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not '${process.env['PORT']}'.`);
  const dataDir = path.resolve(process.env['FORGE_LOCAL_DIR'] ?? '.forge-local');
  const runtime = new LocalRuntime({ storage: { kind: 'lmdb', dir: dataDir } });
  runtime.loadFunctions();
  const server = await startLocalServer(runtime, { port, host: process.env['HOST'] ?? '127.0.0.1' });

  // Registered before the banner: whoever waits for the banner may signal at once.
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping.`);
    void server
      .close()
      .then(() => runtime.close())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  const lines = [`Forge local runtime is running at ${server.url}`, `  data:        ${dataDir}`];
  for (const module of runtime.manifest.uiModules.values()) {
    lines.push(`  ${module.type}: ${server.url}/modules/${module.key}/  (as another user: ?accountId=<id>)`);
  }
  for (const key of runtime.manifest.webTriggers.keys()) lines.push(`  web trigger: ${runtime.webTriggerUrl(key)}`);
  lines.push('  users:');
  for (const user of runtime.site.users) {
    const roles =
      [user.jiraAdmin && 'Jira admin', user.confluenceAdmin && 'Confluence admin'].filter(Boolean).join(', ') || 'no admin rights';
    lines.push(`    ${user.accountId.padEnd(14)} ${user.displayName} (${roles})`);
  }
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(`forge-local: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
