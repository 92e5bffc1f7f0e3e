import type { ScheduledInterval } from './manifest';
import type { LocalRuntime, ScheduledRun } from './runtime';

/** The intervals of manifest-reference/modules/scheduled-trigger: `fiveMinute`, `hour`, `day`, `week`. */
export const INTERVAL_MS: Record<ScheduledInterval, number> = {
  fiveMinute: 5 * 60_000,
  hour: 60 * 60_000,
  day: 24 * 60 * 60_000,
  week: 7 * 24 * 60 * 60_000,
};

/** "Each trigger is scheduled to start shortly after it is created, about 5 minutes after app deployment." */
export const FIRST_RUN_DELAY_MS = 5 * 60_000;

export type Schedule = { key: string; interval: ScheduledInterval; everyMs: number; firstRunAt: Date };

export type ScheduleOptions = {
  /** When the first run comes after start; 5 minutes by default, as after a deployment. */
  firstRunDelayMs?: number;
  /** Told of each run once it is over (the run's own errors are logged by the runtime). */
  onRun?: (run: ScheduledRun) => void;
};

/**
 * Runs the manifest's scheduled triggers on their intervals while the process lives: the first
 * run about five minutes after start, then once per interval. The timers are `unref`'d, so they
 * never keep a process alive that has nothing else to do.
 */
export function startSchedules(runtime: LocalRuntime, options: ScheduleOptions = {}): { schedules: Schedule[]; stop: () => void } {
  const firstRunDelayMs = options.firstRunDelayMs ?? FIRST_RUN_DELAY_MS;
  const timers: NodeJS.Timeout[] = [];
  const schedules: Schedule[] = [];
  for (const trigger of runtime.manifest.scheduledTriggers.values()) {
    const everyMs = INTERVAL_MS[trigger.interval];
    const run = (): void => {
      runtime.runScheduledTrigger(trigger.key).then(
        (result) => options.onRun?.(result),
        (error: unknown) => console.error(`[forge-local] scheduled trigger '${trigger.key}' could not run:`, error),
      );
    };
    const first = setTimeout(() => {
      run();
      const repeat = setInterval(run, everyMs);
      repeat.unref();
      timers.push(repeat);
    }, firstRunDelayMs);
    first.unref();
    timers.push(first);
    schedules.push({ key: trigger.key, interval: trigger.interval, everyMs, firstRunAt: new Date(Date.now() + firstRunDelayMs) });
  }
  return {
    schedules,
    stop: () => {
      for (const timer of timers) clearTimeout(timer);
    },
  };
}
