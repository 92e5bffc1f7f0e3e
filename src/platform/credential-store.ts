import { kvs } from '@forge/kvs';
import type { Policy } from '../shared/tokens';
import { policyFrom } from './policy-store';
import { ENTITY, KEY } from './storage-names';
import type { TokenRecord } from './token-store';

/**
 * What authenticating a request needs — the token's record and the policy — in one storage
 * request, so the common path costs a single read.
 */
export async function loadCredential(hash: string): Promise<{ record: TokenRecord | undefined; policy: Policy }> {
  const { successfulKeys } = await kvs.batchGet<unknown>([{ key: hash, entityName: ENTITY.token }, { key: KEY.policy }]);
  const record = successfulKeys.find((item) => item.key === hash && item.entityName === ENTITY.token)?.value as TokenRecord | undefined;
  const policy = policyFrom(successfulKeys.find((item) => item.key === KEY.policy && !item.entityName)?.value);
  return { record, policy };
}
