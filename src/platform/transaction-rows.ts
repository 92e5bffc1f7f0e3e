import type { Filter, kvs } from '@forge/kvs';

/**
 * A row written in the same transaction as the record it goes with (an audit event beside the
 * change it records, say): both are written or neither is, in one storage request.
 */
export type TransactionRow = { key: string; value: unknown; entityName?: string; ttlDays?: number };

type Transaction = ReturnType<typeof kvs.transact>;

/**
 * A record the transaction depends on without writing it: the transaction fails unless the
 * record still meets `conditions` (storage-reference/transactions, "check").
 */
export type TransactionCheck<T = { version: number }> = { key: string; entityName: string; conditions: ReturnType<Filter<T>['and']> };

export function withRows(
  transaction: Transaction,
  rows: readonly TransactionRow[] = [],
  checks: readonly TransactionCheck[] = [],
): Transaction {
  let result = transaction;
  for (const check of checks) result = result.check(check.key, { entityName: check.entityName, conditions: check.conditions });
  for (const row of rows) {
    const entity = row.entityName === undefined ? undefined : { entityName: row.entityName };
    const options = row.ttlDays === undefined ? undefined : { ttl: { value: row.ttlDays, unit: 'DAYS' as const } };
    result = result.set(row.key, row.value, entity, options);
  }
  return result;
}
