import { useState, type FormEvent, type ReactElement } from 'react';
import Button from '@atlaskit/button/default/button';
import Heading from '@atlaskit/heading';
import { Box } from '@atlaskit/primitives/compiled/box';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import SectionMessage from '@atlaskit/section-message';
import Textfield from '@atlaskit/textfield';
import type { FieldError } from '../../../../src/shared/resolver-contract';
import type { Policy, Workspaces } from '../../../../src/shared/tokens';
import { updateSettings } from '../api';
import { Code } from '../components/code';
import { describedBy, FormField } from '../../../common/form-field';
import { LoadGate } from '../components/load-states';
import { useNotify } from '../components/notify';
import { sentence, sortFieldErrors } from '../../../common/field-errors';
import { failureMessage, settle, useForbidden, type Resource } from '../../../common/use-resolver';
import { AutomationSection, automationDraftOf, automationPolicyOf, type AutomationDraft } from './automation-section';
import { ToggleField } from './toggle-field';

type NumberField = { [K in keyof Policy]: Policy[K] extends number ? K : never }[keyof Policy];
type Flag = { [K in keyof Policy]: Policy[K] extends boolean ? K : never }[keyof Policy];
type Draft = Record<NumberField, string> & Record<Flag, boolean> & { automationActions: AutomationDraft };

// The same bounds as the contract's PolicySchema, which lives in a module that also builds the valibot schemas.
// Keyed by every numeric policy field, so a new one fails the build until the form handles it.
const BOUNDS: Record<NumberField, { min: number; max: number; unit: string }> = {
  maxLifetimeDays: { min: 1, max: 3650, unit: 'days' },
  auditRetentionDays: { min: 1, max: 365, unit: 'days' },
  requestsPerMinutePerToken: { min: 1, max: 5000, unit: 'requests' },
  unknownTokenLookupsPerMinute: { min: 1, max: 5000, unit: 'look-ups' },
};
const NUMBER_FIELDS = Object.keys(BOUNDS) as NumberField[];
const FLAGS: Record<Flag, true> = { allowNeverExpires: true, allowAnyWorkspace: true, acceptQueryToken: true };

function draftOf(policy: Policy): Draft {
  const numbers = Object.fromEntries(NUMBER_FIELDS.map((field) => [field, String(policy[field])])) as Record<NumberField, string>;
  return { ...policy, ...numbers, automationActions: automationDraftOf(policy.automationActions) };
}

function parse(draft: Draft): { policy: Policy | null; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const numbers = {} as Record<NumberField, number>;
  for (const field of NUMBER_FIELDS) {
    const text = draft[field].trim();
    const value = Number(text);
    const { min, max, unit } = BOUNDS[field];
    if (text === '' || !Number.isInteger(value) || value < min || value > max) {
      problems.push({ field, message: `Enter a whole number of ${unit} from ${min} to ${max}.` });
    }
    numbers[field] = value;
  }
  const automation = draft.automationActions;
  if (automation.enabled && !automation.anyWorkspace && automation.workspaces.length === 0) {
    problems.push({ field: 'automationActions', message: 'Choose at least one project or space, or allow every project and space.' });
  }
  const policy: Policy = { ...draft, ...numbers, automationActions: automationPolicyOf(automation) };
  return { policy: problems.length > 0 ? null : policy, problems };
}

/** `policy.maxLifetimeDays` → `maxLifetimeDays`, for the fields of this form; the automation setting's parts → it. */
function fieldFor(path: string): keyof Draft | undefined {
  const field = path.replace(/^policy\./, '');
  if (field === 'automationActions' || field.startsWith('automationActions.')) return 'automationActions';
  return field in BOUNDS || field in FLAGS ? (field as keyof Draft) : undefined;
}

function PolicyForm(props: { policy: Policy; site: Workspaces | null; onSaved: (policy: Policy) => void }): ReactElement {
  const { policy, site, onSaved } = props;
  const onForbidden = useForbidden();
  const notify = useNotify();
  const [draft, setDraft] = useState<Draft>(() => draftOf(policy));
  const [errors, setErrors] = useState<Partial<Record<keyof Draft, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const changed = JSON.stringify(draft) !== JSON.stringify(draftOf(policy));

  const set = <K extends keyof Draft>(key: K, value: Draft[K]): void => setDraft((d) => ({ ...d, [key]: value }));
  const show = (problems: readonly FieldError[]): string[] => {
    const { byField, unplaced } = sortFieldErrors(problems, fieldFor);
    setErrors(Object.fromEntries(Object.entries(byField).map(([k, m]) => [k, sentence(m as string)])));
    return unplaced;
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setFailure(null);
    const { policy: next, problems } = parse(draft);
    show(problems);
    if (!next) return;
    setBusy(true);
    const outcome = await settle(updateSettings(next), onForbidden);
    setBusy(false);
    if (outcome.ok) {
      onSaved(outcome.data.policy);
      setDraft(draftOf(outcome.data.policy));
      notify('Settings saved');
      return;
    }
    const unplaced = outcome.error?.code === 'VALIDATION' && outcome.error.fields ? show(outcome.error.fields) : [];
    setFailure([failureMessage(outcome.error), ...unplaced].join(' '));
  };

  const numberField = (field: NumberField, label: string, helper: string): ReactElement => (
    <FormField id={`policy-${field}`} label={label} error={errors[field]} helper={helper} testId={`policy-${field}`}>
      <Box style={{ maxWidth: '160px' }}>
        <Textfield
          id={`policy-${field}`}
          type="number"
          inputMode="numeric"
          min={BOUNDS[field].min}
          max={BOUNDS[field].max}
          value={draft[field]}
          onChange={(e) => set(field, e.currentTarget.value)}
          isInvalid={errors[field] !== undefined}
          aria-describedby={describedBy(`policy-${field}`, errors[field], helper)}
          testId={`policy-${field}-input`}
        />
      </Box>
    </FormField>
  );

  return (
    <form onSubmit={(e) => void submit(e)} noValidate data-testid="settings-form">
      <Stack space="space.300">
        {failure ? (
          <SectionMessage appearance="error" testId="settings-error">
            {failure}
          </SectionMessage>
        ) : null}
        <Stack space="space.200">
          <Heading size="small" as="h2">
            Tokens
          </Heading>
          {numberField(
            'maxLifetimeDays',
            'Maximum token lifetime (days)',
            'New tokens must expire within this many days. Existing tokens keep their expiry.',
          )}
          <ToggleField
            id="policy-allowNeverExpires"
            label="Allow tokens that never expire"
            helper="Off is safer: a forgotten token stops working on its own."
            checked={draft.allowNeverExpires}
            onChange={(v) => set('allowNeverExpires', v)}
            error={errors.allowNeverExpires}
          />
          <ToggleField
            id="policy-allowAnyWorkspace"
            label="Allow tokens for any project or space"
            helper="Such a token reaches every Jira project and Confluence space, including new ones."
            checked={draft.allowAnyWorkspace}
            onChange={(v) => set('allowAnyWorkspace', v)}
            error={errors.allowAnyWorkspace}
          />
          <ToggleField
            id="policy-acceptQueryToken"
            label="Accept tokens in the URL"
            helper={
              <>
                Needed for Team Voice–style URLs with <Code>?token=</Code>. When off, only the <Code>Authorization: Bearer</Code> header
                works, which keeps tokens out of URLs and logs.
              </>
            }
            checked={draft.acceptQueryToken}
            onChange={(v) => set('acceptQueryToken', v)}
            error={errors.acceptQueryToken}
          />
        </Stack>
        <Stack space="space.200">
          <Heading size="small" as="h2">
            Audit log
          </Heading>
          {numberField('auditRetentionDays', 'Keep audit events for (days)', 'Applies to events recorded from now on; at most 365 days.')}
        </Stack>
        <Stack space="space.200">
          <Heading size="small" as="h2">
            Rate limits
          </Heading>
          {numberField(
            'requestsPerMinutePerToken',
            'Requests per minute, per token',
            'A token that goes over gets 429 Too Many Requests until the minute is over.',
          )}
          {numberField(
            'unknownTokenLookupsPerMinute',
            'Look-ups of unrecognised tokens per minute',
            'Each well-formed token not seen before costs a storage read; beyond this many a minute they get 429 Too Many Requests. Tokens already in use are not affected, and garbage never costs a read.',
          )}
        </Stack>
        <AutomationSection
          draft={draft.automationActions}
          onChange={(next) => set('automationActions', next)}
          site={site}
          error={errors.automationActions}
        />
        <Inline space="space.100">
          <Button appearance="primary" type="submit" isLoading={busy} isDisabled={!changed} testId="settings-save">
            Save
          </Button>
          <Button
            appearance="subtle"
            onClick={() => {
              setDraft(draftOf(policy));
              setErrors({});
              setFailure(null);
            }}
            isDisabled={!changed || busy}
            testId="settings-reset"
          >
            Discard changes
          </Button>
        </Inline>
      </Stack>
    </form>
  );
}

export function SettingsTab(props: { policy: Resource<{ policy: Policy }>; workspaces: Resource<Workspaces> }): ReactElement {
  const { policy, workspaces } = props;
  const site = workspaces.state.kind === 'loaded' ? workspaces.state.data : null;
  return (
    <Stack space="space.200" testId="settings-tab">
      <Text as="p" color="color.text.subtle">
        The policy every token and Automation action must follow. Only site admins can change it; every change is recorded in the audit log.
      </Text>
      <LoadGate state={policy.state} what="the policy" onRetry={policy.reload}>
        {({ policy: current }) => <PolicyForm policy={current} site={site} onSaved={(next) => policy.setData(() => ({ policy: next }))} />}
      </LoadGate>
    </Stack>
  );
}
