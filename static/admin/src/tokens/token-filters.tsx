import type { ReactElement } from 'react';
import SearchIcon from '@atlaskit/icon/core/search';
import { Box } from '@atlaskit/primitives/compiled/box';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import Select from '@atlaskit/select/select';
import Textfield from '@atlaskit/textfield';
import type { TokenListInput, TokenView } from '../../../../src/shared/tokens';
import { DISPLAY_STATUS_LABEL, displayStatus, type DisplayStatus } from '../lib/token-display';

export type TokenFilter = { name: string; status: DisplayStatus | 'all' };

type StatusOption = { label: string; value: TokenFilter['status'] };

const STATUS_OPTIONS: StatusOption[] = [
  { label: 'All statuses', value: 'all' },
  ...(Object.keys(DISPLAY_STATUS_LABEL) as DisplayStatus[]).map((value) => ({ label: DISPLAY_STATUS_LABEL[value], value })),
];

export function TokenFilters({ filter, onChange }: { filter: TokenFilter; onChange: (next: TokenFilter) => void }): ReactElement {
  return (
    <Inline space="space.100" alignBlock="center" shouldWrap>
      <Box style={{ width: '240px' }}>
        <Textfield
          aria-label="Search tokens by name"
          placeholder="Name starts with…"
          value={filter.name}
          onChange={(e) => onChange({ ...filter, name: e.currentTarget.value })}
          elemBeforeInput={
            <Box paddingInlineStart="space.100">
              <SearchIcon label="" color="currentColor" />
            </Box>
          }
          testId="token-search"
        />
      </Box>
      <Box style={{ width: '200px' }}>
        <Select<StatusOption>
          inputId="token-status-filter"
          aria-label="Filter tokens by status"
          options={STATUS_OPTIONS}
          value={STATUS_OPTIONS.find((o) => o.value === filter.status) ?? null}
          onChange={(option) => onChange({ ...filter, status: option?.value ?? 'all' })}
          isSearchable={false}
        />
      </Box>
    </Inline>
  );
}

/** The filter as the server applies it: names from a prefix on, and a status ("expiring" tokens are active ones). */
export function serverQuery(filter: TokenFilter): TokenListInput {
  const query = filter.name.trim();
  const status = filter.status === 'all' ? undefined : filter.status === 'expiring' ? 'active' : filter.status;
  return { ...(query ? { query } : {}), ...(status ? { status } : {}) };
}

/** What the page narrows itself: "expiring soon" is an active token that expires within days. */
export function shownByFilter(filter: TokenFilter, token: TokenView, now: number): boolean {
  return filter.status !== 'expiring' || displayStatus(token, now) === 'expiring';
}
