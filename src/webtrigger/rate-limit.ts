/**
 * Token buckets kept in the function's memory. Checked before any storage request, so a flood
 * costs the installation's storage quota nothing; the price is that each warm function instance
 * counts on its own, which bounds a client per instance rather than exactly.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(private readonly maxKeys = 10_000) {}

  /** Takes one request from `key`'s bucket; answers how long to wait when it is empty. */
  take(key: string, perMinute: number, now: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const bucket = this.refilled(key, perMinute, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(((1 - bucket.tokens) * 60) / perMinute)) };
  }

  /** Whether `key` could take a request now, without taking it. */
  isExhausted(key: string, perMinute: number, now: number): boolean {
    return this.refilled(key, perMinute, now).tokens < 1;
  }

  private refilled(key: string, perMinute: number, now: number): { tokens: number; updatedAt: number } {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
      bucket = { tokens: perMinute, updatedAt: now };
    } else {
      this.buckets.delete(key); // re-inserted below: the map's order is least recently used first
      bucket.tokens = Math.min(perMinute, bucket.tokens + ((now - bucket.updatedAt) * perMinute) / 60_000);
      bucket.updatedAt = now;
    }
    this.buckets.set(key, bucket);
    return bucket;
  }
}
