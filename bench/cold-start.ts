import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { loadManifest } from '../local/manifest';
import { median } from './stats';

/**
 * What each function costs before it runs, packaged as a deployment packages it. "By default,
 * Forge packages your application code before uploading by compiling TypeScript and bundling the
 * application dependencies using Webpack" (manifest-reference/packaging): one CommonJS entry per
 * handler, and the whole output directory uploaded. With this app's tsconfig (`"module":
 * "preserve"`) each dynamic `import()` stays an import, and webpack puts what only it reaches in a
 * chunk file that it requires when the import() first runs; a module also imported statically
 * stays in the entry. The same here with esbuild: each handler is bundled (CommonJS, minified)
 * with its dynamic imports left as requires of chunk files, each chunk bundled the same way. The
 * entry is what a cold start loads; the time is that of a fresh Node.js process requiring it,
 * net of requiring an empty file the same way, measured in alternation.
 */
const REPO_ROOT = path.resolve(__dirname, '..');
const IMPORTS = Number(process.env['BENCH_IMPORTS'] ?? 15);
type Origin = { input: string; bytes: number };

export type LazyChunk = {
  file: string;
  bytes: number;
  /** What the chunk holds, per package (node_modules) or per source folder. */
  inputs: Origin[];
};

export type FunctionColdStart = {
  function: string;
  handler: string;
  /** What loads at cold start: the entry file, with what the handler imports statically. */
  bundleBytes: number;
  /** What only dynamic imports reach, in chunks loaded when the import() first runs, if ever. */
  lazyBytes: number;
  lazyChunks: LazyChunk[];
  /** Requiring the entry in a fresh process, net of requiring an empty file the same way. */
  requireMs: number;
  /** Of which Node's own built-in modules the entry requires (crypto, zlib, async_hooks…). */
  builtinsMs: number;
  /** Of the cold-start part. */
  largestInputs: Origin[];
};

/** Bytes in the given output files per package (node_modules) or per source folder. */
function byOrigin(outputs: ReadonlyArray<Metafile['outputs'][string]>): Origin[] {
  const totals = new Map<string, number>();
  for (const output of outputs) {
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

type Bundle = { file: string; output: Metafile['outputs'][string]; lazy: string[] };

/**
 * Bundles `source` into `file`, each of its dynamic imports left as a require of a chunk file
 * (`<file>.lazy-<n>.cjs`) whose source is listed in `lazy`, to be bundled in turn.
 */
async function bundleWithChunks(source: string, file: string): Promise<Bundle> {
  const lazy: string[] = [];
  const { metafile } = await build({
    entryPoints: [source],
    absWorkingDir: REPO_ROOT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    minify: true,
    metafile: true,
    outfile: file,
    logLevel: 'error',
    plugins: [
      {
        name: 'chunk-per-dynamic-import',
        setup(plugin) {
          plugin.onResolve({ filter: /.*/ }, async (args) => {
            if (args.kind !== 'dynamic-import') return undefined;
            const resolved = await plugin.resolve(args.path, { kind: 'import-statement', resolveDir: args.resolveDir });
            if (resolved.errors.length > 0) return { errors: resolved.errors };
            lazy.push(resolved.path);
            return { path: `./${path.basename(file, '.cjs')}.lazy-${lazy.length}.cjs`, external: true };
          });
        },
      },
    ],
  });
  const output = metafile.outputs[path.relative(REPO_ROOT, file)];
  if (!output) throw new Error(`esbuild wrote no ${file}`);
  return { file, output, lazy };
}

export async function benchColdStart(): Promise<FunctionColdStart[]> {
  const manifest = loadManifest(path.join(REPO_ROOT, 'manifest.yml'));
  const dir = mkdtempSync(path.join(tmpdir(), 'quorum-bundles-'));
  try {
    const empty = path.join(dir, 'empty.js');
    writeFileSync(empty, '');
    const results: FunctionColdStart[] = [];
    for (const fn of manifest.functions.values()) {
      const entry = await bundleWithChunks(fn.file, path.join(dir, `${fn.key}.cjs`));
      // Chunks of chunks too; a chunk bundles again what the entry holds, which is not counted as lazy.
      const chunks: Bundle[] = [];
      for (let queue = [entry], next = queue.shift(); next; next = queue.shift()) {
        for (const [i, source] of next.lazy.entries()) {
          const chunk = await bundleWithChunks(source, next.file.replace(/\.cjs$/, `.lazy-${i + 1}.cjs`));
          chunks.push(chunk);
          queue.push(chunk);
        }
      }
      const inEntry = new Set(Object.keys(entry.output.inputs));
      const lazyChunks = chunks.map((chunk) => {
        const own = Object.entries(chunk.output.inputs).filter(([input]) => !inEntry.has(input));
        return {
          file: path.basename(chunk.file),
          bytes: own.reduce((sum, [, { bytesInOutput }]) => sum + bytesInOutput, 0),
          inputs: byOrigin([{ ...chunk.output, inputs: Object.fromEntries(own) }]).slice(0, 6),
        };
      });
      // The built-ins the entry requires, alone: what loading Node's own modules costs, apart from the app's.
      const builtins = path.join(dir, `${fn.key}.builtins.js`);
      const required = new Set(entry.output.imports.filter((i) => i.external && isBuiltin(i.path)).map((i) => i.path));
      writeFileSync(builtins, [...required].map((name) => `require(${JSON.stringify(name)});`).join('\n'));
      const net: number[] = [];
      const ofBuiltins: number[] = [];
      for (let i = 0; i < IMPORTS; i++) {
        const base = requireMs(empty);
        net.push(requireMs(entry.file) - base);
        ofBuiltins.push(requireMs(builtins) - base);
      }
      results.push({
        function: fn.key,
        handler: path.relative(path.join(REPO_ROOT, 'src'), fn.file),
        bundleBytes: entry.output.bytes,
        lazyBytes: lazyChunks.reduce((sum, chunk) => sum + chunk.bytes, 0),
        lazyChunks,
        requireMs: Math.round(median(net) * 10) / 10,
        builtinsMs: Math.round(median(ofBuiltins) * 10) / 10,
        largestInputs: byOrigin([entry.output]).slice(0, 6),
      });
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
