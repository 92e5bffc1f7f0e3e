import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { median } from './stats';

/**
 * HTTP throughput of the web trigger against a bare node:http server started in the same run,
 * each in a child process of its own, measured in alternation (bare, Quorum, bare, Quorum…) so
 * that the machine's noise falls on both alike. Only the ratios are comparable between runs.
 */
const SECONDS = Number(process.env['BENCH_HTTP_SECONDS'] ?? 4);
const ROUNDS = Number(process.env['BENCH_HTTP_ROUNDS'] ?? 3);
const CONNECTIONS = 10;
// Enough tokens that the per-token rate limit (at most 5,000 a minute) never answers the load.
const TOKENS = 100;
const FLOOR = 'runtime floor: a function that only echoes';

type Child = { process: ChildProcess; url: string; pid: number; tokens: string[]; pollId: string };
type Run = { requestsPerSecond: number; p50Ms: number; p99Ms: number; statuses: Record<string, number> };
export type HttpScenario = {
  scenario: string;
  requestsPerSecond: number;
  bareRequestsPerSecond: number;
  ratioToBare: number;
  /** To the runtime floor (a function that does nothing): how much of the cost is the app's own. */
  ratioToFloor: number;
  p50Ms: number;
  p99Ms: number;
  bareP50Ms: number;
  bareP99Ms: number;
  statuses: Record<string, number>;
};
export type HttpResults = { scenarios: HttpScenario[]; rssMb: { idle: number; underLoad: number } };

function start(kind: 'bare' | 'quorum' | 'floor', env: Record<string, string> = {}): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'servers.ts'), kind], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the ${kind} server exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve({ process: child, ...JSON.parse(line) }));
  });
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function load(url: string, requests: autocannon.Request[], onSample?: () => void): Promise<Run> {
  const sampler = onSample ? setInterval(onSample, 200) : undefined;
  try {
    const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, requests });
    const statuses: Record<string, number> = {};
    for (const [key, value] of Object.entries(result)) {
      if (/^[1-5]xx$/.test(key) && typeof value === 'number' && value > 0) statuses[key] = value;
    }
    if (result.non2xx > 0 || result.errors > 0) statuses['non2xx'] = result.non2xx;
    if (result.errors > 0) statuses['errors'] = result.errors;
    return { requestsPerSecond: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99, statuses };
  } finally {
    if (sampler) clearInterval(sampler);
  }
}

export async function benchHttp(): Promise<HttpResults> {
  const started = await Promise.allSettled([
    start('bare'),
    start('quorum', { BENCH_TOKENS: String(TOKENS), BENCH_RPM: '5000' }),
    // A second installation whose policy allows one request a minute: its token is over the limit.
    start('quorum', { BENCH_TOKENS: '1', BENCH_RPM: '1' }),
    start('floor'),
  ]);
  const children = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  try {
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    const [bare, quorum, limited, floor] = children as [Child, Child, Child, Child];
    const idle = rssMb(quorum.pid);
    let peak = idle;
    const sample = (): void => {
      peak = Math.max(peak, rssMb(quorum.pid));
    };
    const bearer = (token: string | undefined): Record<string, string> => ({ authorization: `Bearer ${token}` });
    const scenarios: Array<{ name: string; child: Child; requests: autocannon.Request[]; expect: string }> = [
      {
        name: 'GET /polls/{id} (authenticated)',
        child: quorum,
        requests: quorum.tokens.map((token) => ({ method: 'GET', path: `/x1/polls-api/polls/${quorum.pollId}`, headers: bearer(token) })),
        expect: '2xx',
      },
      {
        name: 'POST /polls (authenticated)',
        child: quorum,
        requests: quorum.tokens.map((token) => ({
          method: 'POST',
          path: '/x1/polls-api/polls',
          headers: { ...bearer(token), 'content-type': 'application/json' },
          body: JSON.stringify({ title: 'Bench', options: [{ title: 'A' }, { title: 'B' }], workspace: 'PLAT', content: 'PLAT-1' }),
        })),
        expect: '2xx',
      },
      {
        name: FLOOR,
        child: floor,
        requests: [{ method: 'GET', path: '/x1/echo/hello' }],
        expect: '2xx',
      },
      {
        name: '429 (token over its rate limit)',
        child: limited,
        requests: [{ method: 'GET', path: `/x1/polls-api/polls/${limited.pollId}`, headers: bearer(limited.tokens[0]) }],
        expect: '4xx',
      },
    ];
    const runs = new Map<string, Array<{ run: Run; bare: Run }>>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const scenario of scenarios) {
        const bareRun = await load(bare.url, [{ method: 'GET', path: '/' }]);
        const run = await load(scenario.child.url, scenario.requests, scenario.child === quorum ? sample : undefined);
        // A minute window may roll over mid-run and let one request of the limited token through.
        const total = Object.entries(run.statuses).reduce((sum, [k, v]) => (k === 'non2xx' ? sum : sum + v), 0);
        if ((run.statuses[scenario.expect] ?? 0) < total * 0.99)
          throw new Error(`${scenario.name}: unexpected answers ${JSON.stringify(run.statuses)}`);
        runs.set(scenario.name, [...(runs.get(scenario.name) ?? []), { run, bare: bareRun }]);
      }
    }
    const ratioOf = (name: string): number => median((runs.get(name) ?? []).map((r) => r.run.requestsPerSecond / r.bare.requestsPerSecond));
    const floorRatio = ratioOf(FLOOR);
    return {
      scenarios: scenarios.map(({ name }) => {
        const all = runs.get(name) ?? [];
        const statuses: Record<string, number> = {};
        for (const { run } of all) for (const [k, v] of Object.entries(run.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
        return {
          scenario: name,
          requestsPerSecond: Math.round(median(all.map((r) => r.run.requestsPerSecond))),
          bareRequestsPerSecond: Math.round(median(all.map((r) => r.bare.requestsPerSecond))),
          ratioToBare: round3(ratioOf(name)),
          ratioToFloor: round3(ratioOf(name) / floorRatio),
          p50Ms: median(all.map((r) => r.run.p50Ms)),
          p99Ms: median(all.map((r) => r.run.p99Ms)),
          bareP50Ms: median(all.map((r) => r.bare.p50Ms)),
          bareP99Ms: median(all.map((r) => r.bare.p99Ms)),
          statuses,
        };
      }),
      rssMb: { idle, underLoad: peak },
    };
  } finally {
    for (const child of children) child.process.kill();
  }
}

const round3 = (n: number): number => Math.round(n * 1000) / 1000;
