import path from 'node:path';
import { moduleUrl, startLocalServer } from './http/server';
import type { SiteUser } from './product/site';
import { LocalRuntime } from './runtime';
import { startSchedules } from './scheduler';

/** `npm start`: the app on this machine, with its data in FORGE_LOCAL_DIR (default .forge-local/). */
async function main(): Promise<void> {
  const port = Number.parseInt(process.env['PORT'] ?? '8080', 10);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not '${process.env['PORT']}'.`);
  const dataDir = path.resolve(process.env['FORGE_LOCAL_DIR'] ?? '.forge-local');
  const runtime = new LocalRuntime({ storage: { kind: 'lmdb', dir: dataDir } });
  runtime.loadFunctions();
  const server = await startLocalServer(runtime, { port, host: process.env['HOST'] ?? '127.0.0.1' });
  const schedules = startSchedules(runtime, {
    onRun: (run) => console.log(`[forge-local] scheduled trigger '${run.ran}' ran: ${run.outcome}`),
  });

  // Registered before the banner: whoever waits for the banner may signal at once.
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping.`);
    schedules.stop();
    void server
      .close()
      .then(() => runtime.close())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  const lines = [`Forge local runtime is running at ${server.url}`, `  data:        ${dataDir}`];
  for (const module of runtime.manifest.uiModules.values()) {
    const url = `${server.url}${moduleUrl(runtime, module.key)}`;
    const where =
      module.place === 'issue'
        ? ' (on an issue)'
        : module.place === 'content'
          ? ' (a macro instance in a page)'
          : module.place === 'automation-rule'
            ? ' (its configuration form; a saved one: ?inputs=<JSON>)'
            : '';
    lines.push(`  ${module.type}: ${url}${where}  (as another user: ${url.includes('?') ? '&' : '?'}accountId=<id>)`);
  }
  for (const key of runtime.manifest.webTriggers.keys()) lines.push(`  web trigger: ${runtime.webTriggerUrl(key)}`);
  for (const schedule of schedules.schedules) {
    lines.push(
      `  scheduled trigger: ${schedule.key} every ${schedule.interval}, first at ${schedule.firstRunAt.toISOString()}; now: POST ${server.url}/__forge/scheduled/${schedule.key}`,
    );
  }
  for (const trigger of runtime.manifest.triggers.values()) {
    lines.push(`  trigger: ${trigger.key} on ${trigger.events.join(', ')}; fire: POST ${server.url}/__forge/events/<event name>`);
    for (const event of trigger.events) {
      const missing = await runtime.missingEventScopes(event);
      if (missing.length > 0) lines.push(`    not delivered: ${event} needs the scopes ${missing.join(', ')}`);
    }
  }
  for (const action of runtime.manifest.actions.values()) {
    const where = [action.inAutomation && 'Automation', action.inRovo && 'Rovo'].filter(Boolean).join(' and ') || 'nowhere';
    lines.push(
      `  action: ${action.key} (${action.name}, in ${where}); run: POST ${server.url}/__forge/actions/${action.key} {"inputs":{…},"issueKey":"…"}`,
    );
  }
  lines.push('  users:');
  const series = runtime.site.userSeries;
  const generated = (user: SiteUser): boolean =>
    series.some((s) => user.accountId.startsWith(s.prefix) && /^\d+$/.test(user.accountId.slice(s.prefix.length)));
  for (const user of runtime.site.users.filter((u) => !generated(u))) {
    const roles =
      [user.jiraAdmin && 'Jira admin', user.confluenceAdmin && 'Confluence admin'].filter(Boolean).join(', ') || 'no admin rights';
    lines.push(`    ${user.accountId.padEnd(14)} ${user.displayName} (${roles})${grants(user)}`);
  }
  for (const s of series) {
    const width = Math.max(3, String(s.count).length);
    lines.push(`    ${s.prefix}${'1'.padStart(width, '0')} … ${s.prefix}${String(s.count).padStart(width, '0')}: like ${s.like}`);
  }
  console.log(lines.join('\n'));
}

/** A user's project and space permissions, for the banner. */
function grants(user: SiteUser): string {
  const list = (entries: Record<string, string[]>): string =>
    Object.entries(entries)
      .map(([key, permissions]) => `${key === '*' ? 'all' : key}: ${permissions.includes('*') ? 'all' : permissions.join(', ')}`)
      .join('; ');
  const parts = [
    Object.keys(user.projects).length > 0 && `Jira ${list(user.projects)}`,
    Object.keys(user.spaces).length > 0 && `Confluence ${list(user.spaces)}`,
  ].filter(Boolean);
  return parts.length > 0 ? ` — ${parts.join(' · ')}` : ' — no project or space permissions';
}

main().catch((error: unknown) => {
  console.error(`forge-local: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
