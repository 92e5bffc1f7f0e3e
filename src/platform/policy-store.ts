import { kvs } from '@forge/kvs';
import { DEFAULT_POLICY, PolicySchema, type Policy } from '../shared/tokens';
import { KEY } from './storage-names';

export async function readPolicy(): Promise<Policy> {
  return policyFrom(await kvs.get(KEY.policy));
}

export async function writePolicy(policy: Policy): Promise<void> {
  await kvs.set(KEY.policy, policy);
}

/** A stored policy from an older version may lack newer fields: defaults fill them in. */
export function policyFrom(stored: unknown): Policy {
  const parsed = PolicySchema.safeParse({ ...DEFAULT_POLICY, ...(typeof stored === 'object' && stored !== null ? stored : {}) });
  return parsed.success ? parsed.data : DEFAULT_POLICY;
}
