import { kvs } from '@forge/kvs';
import type { Policy } from '../shared/tokens';
import { policyFrom, revocationFrom, type Revocation } from './policy-store';
import { ENTITY, KEY } from './storage-names';
import { tokenFromEntity, type TokenRecord } from './token-store';

export type Credential = { record: TokenRecord | undefined; policy: Policy; revocation: Revocation };

/**
 * What authenticating a request needs — the token's record, the policy and the last revoke-all —
 * in one storage request, so the common path costs a single read.
 */
export async function loadCredential(hash: string): Promise<Credential> {
  const { successfulKeys } = await kvs.batchGet<unknown>([
    { key: hash, entityName: ENTITY.token },
    { key: KEY.policy },
    { key: KEY.revocation, entityName: ENTITY.revocation },
  ]);
  const found = (key: string, entityName?: string): unknown =>
    successfulKeys.find((item) => item.key === key && item.entityName === entityName)?.value;
  const token = found(hash, ENTITY.token);
  return {
    record: token === undefined ? undefined : tokenFromEntity(token),
    policy: policyFrom(found(KEY.policy)),
    revocation: revocationFrom(found(KEY.revocation, ENTITY.revocation)),
  };
}
