import type { BackendWriter } from './backend';
import { badRequest } from './errors';
import type { ItemSpace } from './item-space';
import { putRecord, readLiveRecord } from './item-store';
import { parseMetadataFields, type MetadataField } from './metadata';
import type { Moment, StoredRecord } from './records';
import { conflictError, type ServiceContext } from './service-context';
import { optionalObject } from './request-fields';
import { parseTtl } from './ttl';

export type SetOptions = {
  ttlMs: number | undefined;
  keyPolicy: 'OVERRIDE' | 'FAIL_IF_EXISTS';
  returnValue: 'PREVIOUS' | 'LATEST' | undefined;
  returnFields: MetadataField[];
};

const SINGLE_SET_OPTIONS: readonly string[] = ['ttl', 'keyPolicy', 'returnValue', 'returnMetadataFields'];
const BULK_SET_OPTIONS: readonly string[] = ['ttl'];

export type SetOutcome = { previous: StoredRecord | undefined; latest: StoredRecord };

/**
 * Reads a set's `options`. Single sets take `{ ttl, keyPolicy, returnValue, returnMetadataFields }`;
 * batch items and transaction sets only `{ ttl }`.
 */
export function parseSetOptions(raw: unknown, allowPolicy: boolean): SetOptions {
  const options = optionalObject(raw, 'options') ?? {};
  const { ttl, keyPolicy, returnValue, returnMetadataFields } = options;
  const allowed = allowPolicy ? SINGLE_SET_OPTIONS : BULK_SET_OPTIONS;
  const unknown = Object.keys(options).filter((name) => !allowed.includes(name) && options[name] !== undefined);
  if (unknown.length > 0) throw badRequest('BAD_REQUEST', `Unsupported set option(s): ${unknown.join(', ')}.`);
  if (keyPolicy !== undefined && keyPolicy !== 'OVERRIDE' && keyPolicy !== 'FAIL_IF_EXISTS') {
    throw badRequest('BAD_REQUEST', 'options.keyPolicy must be OVERRIDE or FAIL_IF_EXISTS.');
  }
  if (returnValue !== undefined) {
    if (returnValue !== 'PREVIOUS' && returnValue !== 'LATEST')
      throw badRequest('BAD_REQUEST', 'options.returnValue must be PREVIOUS or LATEST.');
    // The SDK's types only allow a return value together with keyPolicy OVERRIDE.
    if (keyPolicy !== 'OVERRIDE') throw badRequest('BAD_REQUEST', 'options.returnValue needs options.keyPolicy OVERRIDE.');
  }
  // kvs-api: "If returnMetadataFields is provided, keyPolicy must be 'OVERRIDE' and returnValue must be provided".
  if (returnMetadataFields !== undefined && returnValue === undefined) {
    throw badRequest('BAD_REQUEST', 'options.returnMetadataFields needs options.returnValue.');
  }
  return {
    ttlMs: parseTtl(ttl),
    keyPolicy: keyPolicy ?? 'OVERRIDE',
    returnValue,
    returnFields: parseMetadataFields(returnMetadataFields, 'options.returnMetadataFields'),
  };
}

/** Writes a value; an overwrite keeps the creation time, and a write without TTL clears any TTL. */
export function applySet(
  context: ServiceContext,
  writer: BackendWriter,
  space: ItemSpace,
  key: string,
  value: unknown,
  options: SetOptions,
  moment: Moment,
): SetOutcome {
  const previous = readLiveRecord(writer, space, key, moment);
  if (previous !== undefined && options.keyPolicy === 'FAIL_IF_EXISTS') {
    throw conflictError(context, 'KEY_ALREADY_EXISTS', `Key '${key}' already exists and keyPolicy is FAIL_IF_EXISTS.`);
  }
  const now = moment.at;
  const latest: StoredRecord = { value, createdAt: previous?.createdAt ?? now, updatedAt: now };
  if (options.ttlMs !== undefined) latest.expiresAt = now + options.ttlMs;
  putRecord(writer, space, key, latest);
  return { previous, latest };
}
