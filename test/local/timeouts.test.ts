import { withTimeout } from '../../local/limits';

/** One timer serves every invocation of a length: each still ends at its own limit, and only then. */
const after = <T>(ms: number, value: T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), ms));

describe('time limits of concurrent invocations', () => {
  it('times out exactly the invocations that run past their limit, whatever the order they end in', async () => {
    const durations = [5, 120, 10, 150, 1, 130, 20];
    const started = Date.now();
    const results = await Promise.all(durations.map((ms) => withTimeout(after(ms, `done ${ms}`), 60, () => `late ${ms}`)));
    expect(results).toEqual(durations.map((ms) => (ms < 60 ? `done ${ms}` : `late ${ms}`)));
    expect(Date.now() - started).toBeLessThan(120);
  });

  it('gives an invocation started later its own full limit', async () => {
    const first = withTimeout(after(200, 'first'), 80, () => 'first timed out');
    await after(50, null);
    const startedSecond = Date.now();
    const second = withTimeout(after(60, 'second'), 80, () => 'second timed out');
    expect(await first).toBe('first timed out');
    expect(await second).toBe('second');
    expect(Date.now() - startedSecond).toBeGreaterThanOrEqual(55);
  });

  it('keeps limits of different lengths apart, a short one after a long one included', async () => {
    const long = withTimeout(after(100, 'long'), 1_000, () => 'long timed out');
    const short = withTimeout(after(100, 'short'), 30, () => 'short timed out');
    expect(await Promise.all([long, short])).toEqual(['long', 'short timed out']);
  });

  it('passes on a rejection, and a throw of the timeout handler', async () => {
    await expect(withTimeout(Promise.reject(new Error('boom')), 50, () => 'late')).rejects.toThrow('boom');
    await expect(
      withTimeout(after(100, 'x'), 20, () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
  });

  it('times out again after a quiet spell, with the timer left armed in between', async () => {
    expect(await withTimeout(after(1, 'quick'), 40, () => 'late')).toBe('quick');
    await after(60, null);
    expect(await withTimeout(after(100, 'slow'), 40, () => 'late')).toBe('late');
  });

  it('follows a clock swapped after its timer was armed, as jest fake timers swap it', async () => {
    expect(await withTimeout(after(1, 'real'), 5_000, () => 'late')).toBe('real');
    jest.useFakeTimers();
    try {
      const pending = withTimeout(new Promise<string>(() => undefined), 5_000, () => 'timed out in fake time');
      await jest.advanceTimersByTimeAsync(5_001);
      expect(await pending).toBe('timed out in fake time');
    } finally {
      jest.useRealTimers();
    }
    // On the timer armed before the swap it would end only after 5 s of real time.
  }, 2_000);
});
