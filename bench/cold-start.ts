import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { loadManifest } from '../local/manifest';
import { median } from './stats';

/**
 * What each function costs before it runs: its bundle (esbuild, minified, as a deployment
 * bundles it — the Forge CLI bundles each handler file with everything it imports) and the time
 * a fresh Node.js process takes to require that bundle, net of requiring an empty file the same
 * way, measured in alternation.
 */
const REPO_ROOT = path.resolve(__dirname, '..');
const IMPORTS = Number(process.env['BENCH_IMPORTS'] ?? 15);

export type FunctionColdStart = {
  function: string;
  handler: string;
  bundleBytes: number;
  /** Net of requiring an empty file in a fresh process. */
  requireMs: number;
  /** Of which Node's own built-in modules the bundle requires (crypto, zlib, async_hooks…). */
  builtinsMs: number;
  largestInputs: Array<{ input: string; bytes: number }>;
};

/** Bytes in the bundle per package (node_modules) or per source folder. */
function byOrigin(metafile: Metafile): Array<{ input: string; bytes: number }> {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];
      const origin = pkg ?? path.dirname(input);
      totals.set(origin, (totals.get(origin) ?? 0) + bytesInOutput);
    }
  }
  return [...totals].map(([input, bytes]) => ({ input, bytes })).sort((a, b) => b.bytes - a.bytes);
}

function requireMs(file: string): number {
  const script = `const t = performance.now(); require(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`requiring ${file} failed:\n${run.stderr}`);
  return Number(run.stdout);
}

export async function benchColdStart(): Promise<FunctionColdStart[]> {
  const manifest = loadManifest(path.join(REPO_ROOT, 'manifest.yml'));
  const dir = mkdtempSync(path.join(tmpdir(), 'quorum-bundles-'));
  try {
    const empty = path.join(dir, 'empty.js');
    writeFileSync(empty, '');
    const results: FunctionColdStart[] = [];
    for (const fn of manifest.functions.values()) {
      const outfile = path.join(dir, `${fn.key}.js`);
      const { metafile } = await build({
        entryPoints: [fn.file],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node22',
        minify: true,
        metafile: true,
        outfile,
        logLevel: 'error',
      });
      const bytes = Object.values(metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
      // The same built-ins, alone: what loading Node's own modules costs, apart from the app's.
      const builtins = path.join(dir, `${fn.key}.builtins.js`);
      const required = new Set([...readFileSync(outfile, 'utf8').matchAll(/require\("((?:node:)?[a-z_]+)"\)/g)].map((m) => m[1]));
      writeFileSync(builtins, [...required].map((name) => `require(${JSON.stringify(name)});`).join('\n'));
      const net: number[] = [];
      const ofBuiltins: number[] = [];
      for (let i = 0; i < IMPORTS; i++) {
        const base = requireMs(empty);
        net.push(requireMs(outfile) - base);
        ofBuiltins.push(requireMs(builtins) - base);
      }
      results.push({
        function: fn.key,
        handler: path.relative(path.join(REPO_ROOT, 'src'), fn.file),
        bundleBytes: bytes,
        requireMs: Math.round(median(net) * 10) / 10,
        builtinsMs: Math.round(median(ofBuiltins) * 10) / 10,
        largestInputs: byOrigin(metafile).slice(0, 6),
      });
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
