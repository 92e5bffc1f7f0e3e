import { kvs } from '@forge/kvs';
import { LocalRuntime, type LocalRuntimeOptions } from '../../local/runtime';
import { FIRST_RUN_DELAY_MS, INTERVAL_MS, startSchedules } from '../../local/scheduler';
import { editedEchoApp, echoRuntime, type FunctionFailure } from '../support/echo-app';

/**
 * Scheduled triggers as manifest-reference/modules/scheduled-trigger and
 * function-reference/scheduled-trigger describe them: the request `{ context: { cloudId,
 * moduleKey }, contextToken }`, a context without a principal, return values ignored, errors
 * logged and not retried, `timeoutSeconds` (1–900) or 55 s (limits-invocation), at most five.
 */

let runtime: LocalRuntime;
let errors: FunctionFailure[];
function start(options: LocalRuntimeOptions = {}): LocalRuntime {
  errors = [];
  return (runtime = echoRuntime(errors, options));
}
afterEach(() => runtime.close());

const stored = <T>(key: string): Promise<T | undefined> => runtime.run(() => kvs.get<T>(key));

const editedCopy = (edit: (manifest: string) => string): string => editedEchoApp('echo-scheduled', edit);

describe('running a scheduled trigger (function-reference/scheduled-trigger)', () => {
  it('hands the function { context: { cloudId, moduleKey }, contextToken } and a context without a principal', async () => {
    start();
    await expect(runtime.runScheduledTrigger('echo-hourly')).resolves.toEqual({ ran: 'echo-hourly', outcome: 'returned' });
    const seen = await stored<{ request: any; context: any; asUserRefused: boolean }>('ran:echo-hourly');
    expect(seen?.request).toEqual({
      context: { cloudId: runtime.site.cloudId, moduleKey: 'echo-hourly' },
      contextToken: expect.any(String),
    });
    expect(seen?.request.contextToken.length).toBeGreaterThan(20);
    expect(seen?.context.installContext).toBe(runtime.installContext);
    expect(seen?.context.principal).toBeUndefined();
    // "Scheduled triggers run without a user context": asUser() has no one to act as.
    expect(seen?.asUserRefused).toBe(true);
  });

  it('logs a function that throws and does not retry it (manifest-reference/modules/scheduled-trigger)', async () => {
    start();
    await expect(runtime.runScheduledTrigger('echo-failing')).resolves.toEqual({ ran: 'echo-failing', outcome: 'threw' });
    expect(errors).toHaveLength(1);
    expect(String(errors[0]?.error)).toContain('scheduled boom');
    expect(errors[0]?.where).toBe("scheduled trigger 'echo-failing'");
  });

  it('stops waiting after the function’s timeoutSeconds (here 1 s; the function may run on, as on Forge)', async () => {
    start();
    const began = Date.now();
    await expect(runtime.runScheduledTrigger('echo-slow')).resolves.toEqual({ ran: 'echo-slow', outcome: 'timedOut' });
    expect(Date.now() - began).toBeGreaterThanOrEqual(950);
    expect(Date.now() - began).toBeLessThan(1_450);
    expect(String(errors[0]?.error)).toMatch(/longer than 1000 ms/);
  });

  it('defaults to 55 s without timeoutSeconds (limits-invocation: "Default timeout is 55 seconds")', async () => {
    expect(start().limits.scheduledTimeoutMs).toBe(55_000);
    await runtime.close();
    // Without timeoutSeconds, the default applies (lowered here so the test need not wait 55 s).
    start({ manifestPath: editedCopy((m) => m.replace('      timeoutSeconds: 1\n', '')), limits: { scheduledTimeoutMs: 50 } });
    await expect(runtime.runScheduledTrigger('echo-slow')).resolves.toMatchObject({ outcome: 'timedOut' });
    expect(String(errors[0]?.error)).toMatch(/longer than 50 ms/);
  });

  it('applies timeoutSeconds only to a function no other kind of module calls ("only referenced by consumer or scheduled trigger modules")', async () => {
    const manifestPath = editedCopy((m) =>
      m.replace(
        '  webtrigger:\n',
        '  webtrigger:\n    - key: slow-too\n      function: scheduled-slow-fn\n      response:\n        type: dynamic\n',
      ),
    );
    start({ manifestPath, limits: { scheduledTimeoutMs: 50 } });
    await expect(runtime.runScheduledTrigger('echo-slow')).resolves.toMatchObject({ outcome: 'timedOut' });
    expect(String(errors[0]?.error)).toMatch(/longer than 50 ms/);
  });

  it('refuses an unknown scheduled trigger', async () => {
    start();
    await expect(runtime.runScheduledTrigger('nope')).rejects.toMatchObject({ code: 'UNKNOWN_MODULE' });
  });
});

describe('scheduled triggers in the manifest (manifest-reference/modules/scheduled-trigger)', () => {
  afterEach(() => start());

  it('reads key, function and interval', () => {
    start();
    expect([...runtime.manifest.scheduledTriggers.values()]).toEqual([
      { key: 'echo-hourly', functionKey: 'scheduled-fn', interval: 'hour' },
      { key: 'echo-failing', functionKey: 'scheduled-fails-fn', interval: 'day' },
      { key: 'echo-slow', functionKey: 'scheduled-slow-fn', interval: 'week' },
    ]);
    expect(runtime.manifest.functions.get('scheduled-slow-fn')?.timeoutSeconds).toBe(1);
  });

  it("refuses an interval other than 'fiveMinute', 'hour', 'day', 'week'", () => {
    const manifestPath = editedCopy((m) => m.replace('interval: hour', 'interval: minute'));
    expect(() => new LocalRuntime({ manifestPath })).toThrow(
      `scheduledTrigger 'echo-hourly': interval must be one of fiveMinute, hour, day, week, not "minute"`,
    );
  });

  it('refuses more than five scheduled triggers ("Apps can declare up to five")', () => {
    const extra = [1, 2, 3].map((n) => `    - key: extra-${n}\n      function: scheduled-fn\n      interval: day\n`).join('');
    const manifestPath = editedCopy((m) => m.replace('  trigger:\n', `${extra}  trigger:\n`));
    expect(() => new LocalRuntime({ manifestPath })).toThrow('6 scheduled triggers: apps can declare up to 5');
  });

  it('refuses a timeoutSeconds outside 1–900 (manifest-reference/modules/scheduled-trigger, "Range: 1–900 seconds")', () => {
    for (const value of ['0', '901', '1.5']) {
      const manifestPath = editedCopy((m) => m.replace('timeoutSeconds: 1', `timeoutSeconds: ${value}`));
      expect(() => new LocalRuntime({ manifestPath })).toThrow(
        `function 'scheduled-slow-fn': timeoutSeconds must be a whole number of seconds from 1 to 900`,
      );
    }
  });

  it('names a scheduled trigger whose function does not exist', () => {
    const manifestPath = editedCopy((m) => m.replace('function: scheduled-fn', 'function: ghost-fn'));
    expect(() => new LocalRuntime({ manifestPath })).toThrow("scheduledTrigger 'echo-hourly': unknown function 'ghost-fn'");
  });
});

describe('running on the interval, as npm start does', () => {
  afterEach(() => jest.useRealTimers());

  it('runs each trigger about five minutes after start ("about 5 minutes after app deployment"), then once per interval', () => {
    jest.useFakeTimers();
    start();
    const run = jest.spyOn(runtime, 'runScheduledTrigger').mockResolvedValue({ ran: 'x', outcome: 'returned' });
    const schedules = startSchedules(runtime);
    expect(schedules.schedules.map((s) => [s.key, s.everyMs])).toEqual([
      ['echo-hourly', INTERVAL_MS.hour],
      ['echo-failing', INTERVAL_MS.day],
      ['echo-slow', INTERVAL_MS.week],
    ]);
    jest.advanceTimersByTime(FIRST_RUN_DELAY_MS - 1);
    expect(run).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(run.mock.calls.map(([key]) => key)).toEqual(['echo-hourly', 'echo-failing', 'echo-slow']);
    jest.advanceTimersByTime(INTERVAL_MS.hour);
    expect(run.mock.calls.filter(([key]) => key === 'echo-hourly')).toHaveLength(2);
    expect(run.mock.calls.filter(([key]) => key === 'echo-failing')).toHaveLength(1);
    schedules.stop();
    jest.advanceTimersByTime(INTERVAL_MS.week);
    expect(run.mock.calls.filter(([key]) => key === 'echo-hourly')).toHaveLength(2);
    expect(INTERVAL_MS).toEqual({ fiveMinute: 300_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000 });
  });
});
