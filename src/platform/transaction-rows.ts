import type { kvs } from '@forge/kvs';

/**
 * A row written in the same transaction as the record it goes with (an audit event beside the
 * change it records, say): both are written or neither is, in one storage request.
 */
export type TransactionRow = { key: string; value: unknown; entityName?: string; ttlDays?: number };

type Transaction = ReturnType<typeof kvs.transact>;

export function withRows(transaction: Transaction, rows: readonly TransactionRow[] = []): Transaction {
  let result = transaction;
  for (const row of rows) {
    const entity = row.entityName === undefined ? undefined : { entityName: row.entityName };
    const options = row.ttlDays === undefined ? undefined : { ttl: { value: row.ttlDays, unit: 'DAYS' as const } };
    result = result.set(row.key, row.value, entity, options);
  }
  return result;
}
