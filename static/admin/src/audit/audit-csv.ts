import type { AuditEvent } from '../../../../src/shared/tokens';
import { toCsv, type CsvColumn } from '../../../common/csv';

/** The audit rows as loaded, one CSV line each; token names as they are now, beside the ids. */
export function auditCsv(events: readonly AuditEvent[], tokenNames: ReadonlyMap<string, string>): string {
  const columns: CsvColumn<AuditEvent>[] = [
    { header: 'time', value: (e) => e.at },
    { header: 'outcome', value: (e) => e.outcome },
    { header: 'count', value: (e) => (e.count === null ? null : String(e.count)) },
    { header: 'token_id', value: (e) => e.tokenId },
    { header: 'token_name', value: (e) => (e.tokenId ? (tokenNames.get(e.tokenId) ?? null) : null) },
    { header: 'actor', value: (e) => e.actorAccountId },
    { header: 'reason', value: (e) => e.reason },
    { header: 'method', value: (e) => e.method },
    { header: 'operation', value: (e) => e.operation },
    { header: 'workspace', value: (e) => e.workspace },
    { header: 'poll_id', value: (e) => e.pollId },
    { header: 'rule', value: (e) => e.rule },
  ];
  return toCsv(events, columns);
}

export function auditCsvFileName(now: Date): string {
  return `quorum-audit-${now.toISOString().slice(0, 19).replace(/:/g, '-')}.csv`;
}
