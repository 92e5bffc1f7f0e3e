import type { ReactElement } from 'react';
import Button from '@atlaskit/button/default/button';
import SearchIcon from '@atlaskit/icon/core/search';
import { Box } from '@atlaskit/primitives/compiled/box';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import Textfield from '@atlaskit/textfield';
import type { TokenListInput, TokenView } from '../../../../src/shared/tokens';
import { DISPLAY_STATUS_LABEL, displayStatus, type DisplayStatus } from '../lib/token-display';

export type TokenFilter = { name: string; status: DisplayStatus | 'all' };

type StatusOption = { label: string; value: TokenFilter['status'] };

const STATUS_OPTIONS: StatusOption[] = [
  { label: 'All', value: 'all' },
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
      {/* Toggle buttons rather than a select: one click, every choice in sight, and the page's
          first load carries no select component (the Tokens tab is what every visit opens). */}
      <div role="group" aria-label="Filter tokens by status" data-testid="token-status-filter">
        <Inline space="space.050" shouldWrap>
          {STATUS_OPTIONS.map((option) => (
            <Button
              key={option.value}
              spacing="compact"
              isSelected={filter.status === option.value}
              aria-pressed={filter.status === option.value}
              onClick={() => onChange({ ...filter, status: option.value })}
              testId={`token-status-${option.value}`}
            >
              {option.label}
            </Button>
          ))}
        </Inline>
      </div>
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
