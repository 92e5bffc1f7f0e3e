import { useMemo, useState, type ReactElement } from 'react';
import Button from '@atlaskit/button/default/button';
import DownloadIcon from '@atlaskit/icon/core/download';
import RefreshIcon from '@atlaskit/icon/core/refresh';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import SectionMessage from '@atlaskit/section-message';
import type { AuditEvent, TokenView } from '../../../../src/shared/tokens';
import { LoadGate } from '../components/load-states';
import { downloadText } from '../../../common/download';
import type { Loadable } from '../../../common/use-resolver';
import { auditCsv, auditCsvFileName } from './audit-csv';
import { AuditFilters, rangeStart, type AuditFilter } from './audit-filters';
import { AuditTable } from './audit-table';
import { useAuditLog, type AuditLog } from './use-audit-log';

type LoadedLog = Extract<AuditLog, { kind: 'loaded' }>;

/** The hook's pages, as the `Loadable` that LoadGate renders. */
function asLoadable(log: AuditLog): Loadable<LoadedLog> {
  return log.kind === 'loaded' ? { kind: 'loaded', data: log } : log;
}

/** The loaded events inside the time range (applied here, not by the resolver). */
function visible(log: LoadedLog, filter: AuditFilter): AuditEvent[] {
  const start = rangeStart(filter.range, Date.now());
  return start === null ? log.items : log.items.filter((e) => Date.parse(e.at) >= start);
}

export function AuditTab({ tokens, refreshKey }: { tokens: readonly TokenView[]; refreshKey: number }): ReactElement {
  const [filter, setFilter] = useState<AuditFilter>({ tokenId: null, outcome: null, range: 'all' });
  const [manualRefresh, setManualRefresh] = useState(0);
  const { log, loadMore, reload } = useAuditLog(filter, refreshKey + manualRefresh);
  const tokenNames = useMemo(() => new Map(tokens.map((t) => [t.id, t.name])), [tokens]);

  return (
    <Stack space="space.200" testId="audit-tab">
      <Text as="p" color="color.text.subtle">
        Every request with a token, accepted or refused, and every change to tokens and policy, newest first. Events are kept for the
        retention period set on the Settings tab.
      </Text>
      <Inline spread="space-between" alignBlock="end" shouldWrap space="space.200">
        <AuditFilters filter={filter} tokens={tokens} onChange={setFilter} />
        <Inline space="space.100">
          <Button iconBefore={RefreshIcon} onClick={() => setManualRefresh((n) => n + 1)} testId="audit-refresh">
            Refresh
          </Button>
          <Button
            iconBefore={DownloadIcon}
            isDisabled={log.kind !== 'loaded'}
            onClick={() => {
              if (log.kind !== 'loaded') return;
              downloadText(auditCsvFileName(new Date()), auditCsv(visible(log, filter), tokenNames), 'text/csv;charset=utf-8');
            }}
            testId="audit-export"
          >
            Export CSV
          </Button>
        </Inline>
      </Inline>
      <LoadGate state={asLoadable(log)} what="the audit log" onRetry={reload}>
        {(loaded) => {
          const start = rangeStart(filter.range, Date.now());
          const rows = visible(loaded, filter);
          const oldest = loaded.items.at(-1);
          // Newest first: once the oldest loaded event is before the range, no later page can match.
          const morePossible = loaded.nextCursor !== null && (start === null || (oldest !== undefined && Date.parse(oldest.at) >= start));
          return (
            <Stack space="space.200">
              <AuditTable events={rows} tokenNames={tokenNames} />
              {loaded.moreError ? (
                <SectionMessage appearance="error" testId="audit-more-error">
                  {loaded.moreError}
                </SectionMessage>
              ) : null}
              <Inline alignInline="center" space="space.100" alignBlock="center">
                <Text size="small" color="color.text.subtlest" testId="audit-count">
                  {rows.length === loaded.items.length
                    ? `${rows.length} ${rows.length === 1 ? 'event' : 'events'} loaded`
                    : `${rows.length} of ${loaded.items.length} loaded events in this time range`}
                </Text>
                {morePossible ? (
                  <Button onClick={loadMore} isLoading={loaded.loadingMore} testId="audit-load-more">
                    Load more
                  </Button>
                ) : null}
              </Inline>
            </Stack>
          );
        }}
      </LoadGate>
    </Stack>
  );
}
