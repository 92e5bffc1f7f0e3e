import { DEFAULT_POLL_SETTINGS, type PollBody, type PollBodyInput, type PollPatch, type PollSettings } from '../shared/polls';

/**
 * Applies a JSON merge patch (RFC 7396) to a poll's editable part. Absent fields stay; `null`
 * empties the description and resets settings — all of them, or one — to their defaults;
 * `options` replaces the whole list, as arrays do in a merge patch. The result is input for
 * `PollBodySchema`, which validates the merged poll as a whole.
 */
export function mergePollPatch(current: PollBody, patch: PollPatch): PollBodyInput {
  return {
    title: patch.title ?? current.title,
    description: patch.description === null ? '' : (patch.description ?? current.description),
    options: patch.options ?? current.options,
    settings: patch.settings === null ? { ...DEFAULT_POLL_SETTINGS } : mergeSettings(current.settings, patch.settings ?? {}),
  };
}

function mergeSettings(current: PollSettings, patch: NonNullable<PollPatch['settings']>): PollSettings {
  const merged: Record<string, unknown> = { ...current };
  for (const [name, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    merged[name] = value === null ? DEFAULT_POLL_SETTINGS[name as keyof PollSettings] : value;
  }
  return merged as PollSettings;
}
