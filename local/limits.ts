/**
 * Forge's invocation limits (limits-invocation), enforced by the runtime as the platform does.
 * Tests may lower the timeouts to see what a slow function gets.
 */
export const FORGE_LIMITS = {
  /** "Runtime seconds (web-trigger, action and rovo:agentConnector modules) | 55". */
  webTriggerTimeoutMs: 55_000,
  /** The same row: an Automation or Rovo `action`'s function. */
  actionTimeoutMs: 55_000,
  /** "Runtime seconds (also includes UI modules invoked by Forge Remote) | 25": resolvers. */
  resolverTimeoutMs: 25_000,
  /**
   * "Runtime seconds (async events and scheduled trigger module) | 900 … Default timeout is 55
   * seconds": a scheduled trigger's function runs this long unless its `timeoutSeconds` says more.
   */
  scheduledTimeoutMs: 55_000,
  /**
   * Product event triggers: the general "Runtime seconds | 25" (the 900-second row applies only to
   * functions that "are only referenced by consumer or scheduled trigger modules") — a GUESS, as
   * limits-invocation names no row for product events.
   */
  eventTimeoutMs: 25_000,
  /** "Atlassian app events larger than 200 kB are not delivered." (events-reference/product_events) */
  eventPayloadBytes: 200_000,
  /** "Payload size | 5MB": a web trigger request counts body, headers, query and all other metadata. */
  payloadBytes: 5_000_000,
  /** "Front-end invocation request payload size | 500KB". */
  invokeRequestBytes: 500_000,
  /** "Front-end invocation response payload size | 5MB". */
  invokeResponseBytes: 5_000_000,
  /** User-led invocations, fixed one-minute windows: "Per user 1,200", "Per install 5,000". */
  invocationsPerUserPerMinute: 1_200,
  invocationsPerInstallationPerMinute: 5_000,
} as const;

export type ForgeLimits = { -readonly [K in keyof typeof FORGE_LIMITS]: number };

const WINDOW_MS = 60_000;

export type WindowState = { limit: number; remaining: number; resetAt: number; exceeded: boolean };

/** Counts invocations in fixed one-minute windows, per key. */
export class InvocationWindows {
  private readonly counts = new Map<string, { window: number; count: number }>();

  /** Counts one invocation for `key` and answers where its window stands afterwards. */
  take(key: string, limit: number, now: number): WindowState {
    const window = Math.floor(now / WINDOW_MS);
    const current = this.counts.get(key);
    const count = current && current.window === window ? current.count + 1 : 1;
    this.counts.set(key, { window, count });
    return { limit, remaining: Math.max(0, limit - count), resetAt: (window + 1) * WINDOW_MS, exceeded: count > limit };
  }
}

/** The headers the platform adds to every web trigger response (events-reference/web-trigger), added to `headers`. */
export function addRateLimitHeaders(headers: Record<string, string[]>, state: WindowState): Record<string, string[]> {
  headers['X-Ratelimit-Limit'] = [String(state.limit)];
  headers['X-Ratelimit-Remaining'] = [String(state.remaining)];
  headers['X-Ratelimit-Reset'] = [String(Math.ceil(state.resetAt / 1000))];
  return headers;
}

/**
 * Runs `work`, but settles as `onTimeout()` returns or throws once `ms` have passed; the work
 * itself may go on, as on Forge ("code may continue executing after the function returns").
 */
export function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const queue = timeoutQueue(ms);
    const entry = queue.add(() => {
      try {
        resolve(onTimeout());
      } catch (error) {
        reject(error);
      }
    });
    work.then(
      (value) => {
        queue.settle(entry);
        resolve(value);
      },
      (error: unknown) => {
        queue.settle(entry);
        reject(error);
      },
    );
  });
}

type Deadline = { at: number; done: boolean; expire: () => void };

/**
 * The time limits of every invocation of one length, with one timer: invocations of the same
 * length run out in the order they started, so the timer waits for the oldest unfinished one.
 * A timer per invocation would cost more than a short invocation itself.
 */
class TimeoutQueue {
  private entries: Array<Deadline | undefined> = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;
  private armedAt = Infinity;
  private armedWith: typeof setTimeout | undefined;
  private clear: typeof clearTimeout = clearTimeout;
  private generation = 0;

  constructor(private readonly ms: number) {}

  add(expire: () => void): Deadline {
    const entry: Deadline = { at: Date.now() + this.ms, done: false, expire };
    this.entries.push(entry);
    // A test may have swapped the clock (fake timers) since the timer was armed: arm on the new one.
    if (!this.timer || entry.at < this.armedAt || this.armedWith !== setTimeout) this.arm(entry.at);
    else this.timer.ref();
    return entry;
  }

  settle(entry: Deadline): void {
    entry.done = true;
    this.dropFinished();
    // Nothing left to wait for: the timer may stay armed, but must not keep the process alive.
    if (this.head === this.entries.length) this.timer?.unref();
  }

  private fire(): void {
    this.timer = undefined;
    this.armedAt = Infinity;
    // Nothing left (the timer stayed armed past its last invocation): not even the clock is read.
    this.dropFinished();
    if (this.head === this.entries.length) return;
    const now = Date.now();
    for (let entry = this.entries[this.head]; entry && (entry.done || entry.at <= now); entry = this.entries[this.head]) {
      this.entries[this.head++] = undefined;
      if (!entry.done) {
        entry.done = true;
        entry.expire();
      }
    }
    this.dropFinished();
    const next = this.entries[this.head];
    if (next) this.arm(next.at);
  }

  private arm(at: number): void {
    if (this.timer) this.clear(this.timer);
    const generation = ++this.generation;
    this.armedAt = at;
    this.armedWith = setTimeout;
    // Cleared with the clock it was set on, and ignored if it fires after being replaced.
    this.clear = clearTimeout;
    this.timer = setTimeout(
      () => {
        if (generation === this.generation) this.fire();
      },
      Math.max(1, at - Date.now()),
    );
  }

  private dropFinished(): void {
    while (this.entries[this.head]?.done) this.entries[this.head++] = undefined;
    if (this.head === this.entries.length) {
      this.entries = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }
}

const timeoutQueues = new Map<number, TimeoutQueue>();

function timeoutQueue(ms: number): TimeoutQueue {
  let queue = timeoutQueues.get(ms);
  if (!queue) {
    queue = new TimeoutQueue(ms);
    timeoutQueues.set(ms, queue);
  }
  return queue;
}

/**
 * Whether `value` as JSON takes at most `limit` bytes of UTF-8. A bound on its size is tried
 * first, and when that is within the limit nothing is serialised: each UTF-16 unit of a string
 * becomes at most 6 bytes of JSON (`\u001f`), each entry adds some quotes, a colon and a comma,
 * and a number at most 24 characters. Only near the limit is the value serialised and measured.
 */
export function jsonBytesWithin(value: unknown, limit: number): boolean {
  const bound = jsonBytesBound(value, 0);
  return bound <= limit || Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8') <= limit;
}

const MAX_DEPTH_BOUNDED = 8;

function jsonBytesBound(value: unknown, depth: number): number {
  if (typeof value === 'string') return value.length * 6 + 2;
  if (value === null || value === undefined || typeof value === 'boolean' || typeof value === 'number') return 24;
  if (typeof value !== 'object' || depth > MAX_DEPTH_BOUNDED) return Infinity;
  if (Array.isArray(value)) {
    let sum = 2;
    for (const item of value) sum += jsonBytesBound(item, depth + 1) + 1;
    return sum;
  }
  // Only plain data is bounded: anything with a toJSON or a prototype of its own is serialised.
  const prototype = Object.getPrototypeOf(value) as unknown;
  if ((prototype !== Object.prototype && prototype !== null) || 'toJSON' in value) return Infinity;
  let sum = 2;
  for (const key in value) sum += key.length * 6 + 4 + jsonBytesBound((value as Record<string, unknown>)[key], depth + 1);
  return sum;
}
