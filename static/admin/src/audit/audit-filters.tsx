import type { ReactElement } from 'react';
import { Box } from '@atlaskit/primitives/compiled/box';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import Select from '@atlaskit/select/select';
import type { AuditOutcome, TokenView } from '../../../../src/shared/tokens';
import { FormField } from '../../../common/form-field';
import { ALL_OUTCOMES, OUTCOME_LOOK } from './audit-outcomes';

export type TimeRange = 'all' | '1h' | '24h' | '7d' | '30d';

export type AuditFilter = { tokenId: string | null; outcome: AuditOutcome | null; range: TimeRange };

const RANGE_MS: Record<Exclude<TimeRange, 'all'>, number> = {
  '1h': 60 * 60 * 1000,
  '24h': 24 * 60 * 60 * 1000,
  '7d': 7 * 24 * 60 * 60 * 1000,
  '30d': 30 * 24 * 60 * 60 * 1000,
};

type Option<V> = { label: string; value: V };

const RANGE_OPTIONS: Option<TimeRange>[] = [
  { label: 'Any time', value: 'all' },
  { label: 'Last hour', value: '1h' },
  { label: 'Last 24 hours', value: '24h' },
  { label: 'Last 7 days', value: '7d' },
  { label: 'Last 30 days', value: '30d' },
];

const OUTCOME_OPTIONS: Option<AuditOutcome | null>[] = [
  { label: 'All outcomes', value: null },
  ...ALL_OUTCOMES.map((value) => ({ label: OUTCOME_LOOK[value].label, value })),
];

/** The oldest moment the time range keeps, or null for any time. */
export function rangeStart(range: TimeRange, now: number): number | null {
  return range === 'all' ? null : now - RANGE_MS[range];
}

function FilterSelect<V>(props: { id: string; label: string; options: Option<V>[]; value: V; onChange: (v: V) => void }): ReactElement {
  const { id, label, options, value, onChange } = props;
  return (
    <Box style={{ width: '220px' }}>
      <FormField id={id} label={label} testId={id}>
        <Select<Option<V>>
          inputId={id}
          options={options}
          value={options.find((o) => o.value === value) ?? null}
          onChange={(option) => option && onChange(option.value)}
          isSearchable={options.length > 8}
        />
      </FormField>
    </Box>
  );
}

export function AuditFilters(props: {
  filter: AuditFilter;
  tokens: readonly TokenView[];
  onChange: (f: AuditFilter) => void;
}): ReactElement {
  const { filter, tokens, onChange } = props;
  const tokenOptions: Option<string | null>[] = [
    { label: 'All tokens', value: null },
    ...tokens.map((t) => ({ label: `${t.name} (${t.hint})`, value: t.id })),
  ];
  return (
    <Inline space="space.200" shouldWrap alignBlock="end">
      <FilterSelect
        id="audit-token-filter"
        label="Token"
        options={tokenOptions}
        value={filter.tokenId}
        onChange={(tokenId) => onChange({ ...filter, tokenId })}
      />
      <FilterSelect
        id="audit-outcome-filter"
        label="Outcome"
        options={OUTCOME_OPTIONS}
        value={filter.outcome}
        onChange={(outcome) => onChange({ ...filter, outcome })}
      />
      <FilterSelect
        id="audit-range-filter"
        label="Time"
        options={RANGE_OPTIONS}
        value={filter.range}
        onChange={(range) => onChange({ ...filter, range })}
      />
    </Inline>
  );
}
