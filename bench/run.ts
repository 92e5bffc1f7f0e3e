import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchColdStart, type FunctionColdStart } from './cold-start';
import { benchHttp, type HttpResults } from './http';
import { benchRequests, type RequestResults } from './requests';
import { benchScale, type ScaleResults } from './scale';
import { benchUiBundles, type UiBundleResults } from './ui-bundle';
import { benchVotes, type VoteCost } from './votes';

/**
 * `npm run bench`: every benchmark, printed as tables and written to bench/results.json.
 * Absolute times depend on the machine and its load; the ratios (against a bare baseline run
 * beside it) and the request counts are what compare between runs. Nothing is asserted.
 *
 *   BENCH_ONLY=requests,votes,http,scale,cold-start,ui   run some sections only
 */
type Results = {
  machine: { node: string; cpus: number; platform: string };
  requests?: RequestResults;
  http?: HttpResults;
  scale?: ScaleResults;
  votes?: VoteCost[];
  coldStart?: FunctionColdStart[];
  ui?: Record<string, UiBundleResults>;
};

const SECTIONS = ['requests', 'votes', 'http', 'scale', 'cold-start', 'ui'] as const;
const only = new Set((process.env['BENCH_ONLY'] ?? SECTIONS.join(',')).split(','));
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

function heading(title: string): void {
  console.log(`\n## ${title}\n`);
}

async function main(): Promise<void> {
  const results: Results = { machine: { node: process.version, cpus: os.cpus().length, platform: `${os.platform()} ${os.arch()}` } };

  if (only.has('requests')) {
    heading('Storage and product calls per request (steady state)');
    results.requests = await benchRequests();
    console.table(results.requests.routes);
    const { handlerMs, bareMs, ratio } = results.requests.getOverhead;
    console.log(
      `GET /polls/{id} through the whole handler: ${handlerMs} ms; its storage calls made bare: ${bareMs} ms; ×${ratio} (medians, alternated, LMDB)`,
    );
    console.log(`Token verification (parse, checksum, hash, one batch read): ${results.requests.verifyMs} ms`);
  }

  if (only.has('votes')) {
    heading('Voting: storage requests and product calls (the issue panel, as the user)');
    results.votes = await benchVotes();
    console.table(results.votes);
  }

  if (only.has('http')) {
    heading('HTTP throughput against a bare node:http server in the same run');
    results.http = await benchHttp();
    console.table(
      results.http.scenarios.map((s) => ({
        scenario: s.scenario,
        'req/s': s.requestsPerSecond,
        'bare req/s': s.bareRequestsPerSecond,
        '× bare': s.ratioToBare,
        '× floor': s.ratioToFloor,
        'p50 ms': s.p50Ms,
        'p99 ms': s.p99Ms,
        'bare p50/p99 ms': `${s.bareP50Ms}/${s.bareP99Ms}`,
      })),
    );
    console.log(`Quorum's process RSS: ${results.http.rssMb.idle} MB idle, ${results.http.rssMb.underLoad} MB at most under load`);
  }

  if (only.has('scale')) {
    heading('Cost against size (N tokens, N polls on one issue, about 2N audit events)');
    results.scale = await benchScale();
    console.table(results.scale.rows);
    const { tokens, latencyMs, ms, storage } = results.scale.revokeAll;
    console.log(`tokens/revokeAll over ${tokens} tokens with ${latencyMs} ms per storage request: ${ms} ms, ${storage} storage requests`);
  }

  if (only.has('cold-start')) {
    heading('Function bundles (esbuild, minified) and require() time in a fresh process');
    results.coldStart = await benchColdStart();
    console.table(
      results.coldStart.map((f) => ({
        function: f.function,
        handler: f.handler,
        bundle: kb(f.bundleBytes),
        lazy: kb(f.lazyBytes),
        'require ms': f.requireMs,
        'of it Node built-ins': f.builtinsMs,
        'largest parts': f.largestInputs.map((i) => `${i.input} ${kb(i.bytes)}`).join(', '),
      })),
    );
  }

  if (only.has('ui')) {
    heading('Custom UI: admin page, issue panel and macro');
    results.ui = await benchUiBundles();
  }

  const file = path.join(__dirname, 'results.json');
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nWritten to ${path.relative(process.cwd(), file)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
