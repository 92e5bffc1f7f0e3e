import type * as ForgeApi from '@forge/api';

let loading: Promise<typeof ForgeApi> | undefined;

/**
 * `@forge/api`, loaded on the first product call. Its module graph (i18n tables, lodash, auth
 * helpers) costs more to load than the rest of a function together, and the web trigger's reads
 * and refusals make no product call: they never pay for it.
 */
export function forgeApi(): Promise<typeof ForgeApi> {
  loading ??= import('@forge/api');
  return loading;
}

/**
 * Whether `error` is the platform's refusal to act as a user who has not given the app consent
 * (@forge/api's NeedsAuthenticationError). Known by name, so checking needs no load of @forge/api.
 */
export function isMissingConsent(error: unknown): boolean {
  return error instanceof Error && error.name === 'NEEDS_AUTHENTICATION_ERR';
}
