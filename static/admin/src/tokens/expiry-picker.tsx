import type { ReactElement } from 'react';
import DatePicker from '@atlaskit/datetime-picker/date-picker';
import { Box } from '@atlaskit/primitives/compiled/box';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import Select from '@atlaskit/select/select';
import type { Policy } from '../../../../src/shared/tokens';
import { EscapeGuard } from '../../../common/escape-guard';
import { describedBy, FormField } from '../../../common/form-field';
import { formatDate } from '../lib/dates';
import { customDateBounds, expiryPresets, resolveExpiry, type ExpiryChoice } from '../lib/expiry';

type ExpiryOption = { label: string; value: string; choice: ExpiryChoice };

function presetLabel(days: number): string {
  if (days === 365) return '1 year';
  return days === 1 ? '1 day' : `${days} days`;
}

function options(policy: Policy, customDate: string): ExpiryOption[] {
  return [
    ...expiryPresets(policy).map((days) => ({ label: presetLabel(days), value: `days:${days}`, choice: { kind: 'days', days } as const })),
    { label: 'Custom date', value: 'custom', choice: { kind: 'custom', date: customDate } },
    ...(policy.allowNeverExpires ? [{ label: 'Never', value: 'never', choice: { kind: 'never' } as const }] : []),
  ];
}

function valueOf(choice: ExpiryChoice): string {
  return choice.kind === 'days' ? `days:${choice.days}` : choice.kind;
}

/** When the token stops working, as the admin will read it under the field. */
function expiryHelper(choice: ExpiryChoice, policy: Policy, now: Date): string {
  if (choice.kind === 'never') return "The token never expires. Revoke it when it's no longer needed.";
  const resolved = resolveExpiry(choice, policy, now);
  const limit = `The policy allows at most ${policy.maxLifetimeDays} days.`;
  return resolved.ok && resolved.expiresAt ? `Expires on ${formatDate(resolved.expiresAt)}. ${limit}` : limit;
}

export function ExpiryPicker(props: {
  policy: Policy;
  now: Date;
  choice: ExpiryChoice;
  onChange: (next: ExpiryChoice) => void;
  error: string | undefined;
}): ReactElement {
  const { policy, now, choice, onChange, error } = props;
  const customDate = choice.kind === 'custom' ? choice.date : '';
  const all = options(policy, customDate);
  const bounds = customDateBounds(policy, now);
  const helper = expiryHelper(choice, policy, now);
  return (
    <FormField id="token-expiry" label="Expires" error={choice.kind === 'custom' ? undefined : error} helper={helper} testId="token-expiry">
      <Stack space="space.100">
        <Box style={{ maxWidth: '240px' }}>
          <EscapeGuard>
            <Select<ExpiryOption>
              inputId="token-expiry"
              options={all}
              value={all.find((o) => o.value === valueOf(choice)) ?? null}
              onChange={(option) => option && onChange(option.choice)}
              isSearchable={false}
              isInvalid={choice.kind !== 'custom' && error !== undefined}
              descriptionId={describedBy('token-expiry', choice.kind === 'custom' ? undefined : error, helper)}
            />
          </EscapeGuard>
        </Box>
        {choice.kind === 'custom' ? (
          <FormField id="token-expiry-date" label="Expiry date" error={error} testId="token-expiry-date">
            <Box style={{ maxWidth: '240px' }}>
              <EscapeGuard>
                <DatePicker
                  id="token-expiry-date"
                  value={customDate}
                  onChange={(date) => onChange({ kind: 'custom', date })}
                  minDate={bounds.min}
                  maxDate={bounds.max}
                  dateFormat="YYYY-MM-DD"
                  placeholder="YYYY-MM-DD"
                  isInvalid={error !== undefined}
                  aria-describedby={describedBy('token-expiry-date', error, undefined)}
                  testId="token-expiry-date-picker"
                />
              </EscapeGuard>
            </Box>
          </FormField>
        ) : null}
      </Stack>
    </FormField>
  );
}
