import { performance } from 'node:perf_hooks';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Milliseconds per call, the median of `iterations` after a warm-up. */
export async function msPerCall(fn: () => Promise<unknown>, iterations: number, warmUp = 10): Promise<number> {
  for (let i = 0; i < warmUp; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

/**
 * Two calls timed in alternation, a then b, `iterations` times: each pair shares the machine's
 * state of the moment, so their ratio holds where the absolute times do not.
 */
export async function interleaved(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  iterations: number,
): Promise<{ aMs: number; bMs: number; ratio: number }> {
  for (let i = 0; i < 20; i++) {
    await a();
    await b();
  }
  const as: number[] = [];
  const bs: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < iterations; i++) {
    let start = performance.now();
    await a();
    const aMs = performance.now() - start;
    start = performance.now();
    await b();
    const bMs = performance.now() - start;
    as.push(aMs);
    bs.push(bMs);
    ratios.push(aMs / bMs);
  }
  return { aMs: median(as), bMs: median(bs), ratio: median(ratios) };
}

export const round = (n: number, digits = 3): number => Math.round(n * 10 ** digits) / 10 ** digits;
