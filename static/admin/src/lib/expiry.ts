import type { Policy } from '../../../../src/shared/tokens';
import { DAY_MS, localIsoDate, startOfLocalDay } from './dates';

export type ExpiryChoice = { kind: 'days'; days: number } | { kind: 'custom'; date: string } | { kind: 'never' };

const PRESET_DAYS = [7, 30, 90, 365] as const;

/**
 * The presets the policy allows: none beyond its maximum lifetime. A maximum below a year is
 * offered as a preset of its own, so there is always one choice at the limit.
 */
export function expiryPresets(policy: Policy): number[] {
  const max = policy.maxLifetimeDays;
  const presets: number[] = PRESET_DAYS.filter((days) => days <= max);
  return max < 365 && !presets.includes(max) ? [...presets, max] : presets;
}

export function defaultExpiry(policy: Policy): ExpiryChoice {
  const presets = expiryPresets(policy);
  return { kind: 'days', days: presets.includes(30) ? 30 : (presets.at(-1) ?? policy.maxLifetimeDays) };
}

/** The first and last day a custom expiry may fall on; a custom date expires at its local midnight. */
export function customDateBounds(policy: Policy, now: Date): { min: string; max: string } {
  const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  // The last midnight that is still within maxLifetimeDays of now.
  const last = new Date(now.getTime() + policy.maxLifetimeDays * DAY_MS);
  return { min: localIsoDate(tomorrow), max: localIsoDate(last) };
}

export type ExpiryResult = { ok: true; expiresAt: string | null } | { ok: false; message: string };

/** Turns the choice into the `expiresAt` the resolver takes, or says what is wrong with it. */
export function resolveExpiry(choice: ExpiryChoice, policy: Policy, now: Date): ExpiryResult {
  switch (choice.kind) {
    case 'never':
      return policy.allowNeverExpires ? { ok: true, expiresAt: null } : { ok: false, message: 'The policy requires an expiry date.' };
    case 'days':
      return { ok: true, expiresAt: new Date(now.getTime() + choice.days * DAY_MS).toISOString() };
    case 'custom': {
      if (choice.date === '') return { ok: false, message: 'Choose a date.' };
      const at = startOfLocalDay(choice.date);
      if (!at) return { ok: false, message: 'Enter a date as YYYY-MM-DD.' };
      if (at.getTime() <= now.getTime()) return { ok: false, message: 'Choose a date in the future.' };
      if (at.getTime() > now.getTime() + policy.maxLifetimeDays * DAY_MS) {
        return { ok: false, message: `Choose a date at most ${policy.maxLifetimeDays} days from today.` };
      }
      return { ok: true, expiresAt: at.toISOString() };
    }
  }
}
