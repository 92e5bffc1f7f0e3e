import type { KvsBackend } from './backend';
import type { EntityCatalog } from './entity-schema';
import { KvsError } from './errors';
import type { Moment } from './records';
import type { KvsFidelity } from './service-types';

/** What every operation handler works with. */
export type ServiceContext = {
  backend: KvsBackend;
  catalog: EntityCatalog;
  now: () => number;
  fidelity: Required<KvsFidelity>;
};

/** Forge may return expired data for up to 48 hours (storage-reference/hosted-storage-data-lifecycle). */
const EXPIRY_GRACE_MS = 48 * 60 * 60 * 1000;

export function momentOf(context: ServiceContext): Moment {
  const at = context.now();
  return { at, liveAfter: context.fidelity.lingeringExpiry ? at - EXPIRY_GRACE_MS : at };
}

/**
 * A `FAIL_IF_EXISTS` clash or a failed transaction condition. Forge documents no code for either
 * (storage-reference/handling-errors-kvs); the runtime answers 409 with a code of its own, or, to
 * prove the app never depends on a guessed code, an unfamiliar status and code.
 */
export function conflictError(context: ServiceContext, code: string, message: string): KvsError {
  return context.fidelity.unfamiliarConflicts ? new KvsError(400, 'REQUEST_NOT_APPLIED', message) : new KvsError(409, code, message);
}
