import type { ReactElement } from 'react';
import SearchIcon from '@atlaskit/icon/core/search';
import { Box } from '@atlaskit/primitives/compiled/box';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import Select from '@atlaskit/select/select';
import Textfield from '@atlaskit/textfield';
import { DISPLAY_STATUS_LABEL, type DisplayStatus } from '../lib/token-display';

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
          placeholder="Search by name"
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

export function matchesFilter(filter: TokenFilter, name: string, status: DisplayStatus): boolean {
  const query = filter.name.trim().toLowerCase();
  return (query === '' || name.toLowerCase().includes(query)) && (filter.status === 'all' || filter.status === status);
}
