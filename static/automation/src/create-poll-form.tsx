import type { ReactElement } from 'react';
import { Checkbox } from '@atlaskit/checkbox';
import { RadioGroup } from '@atlaskit/radio';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import TextArea from '@atlaskit/textarea';
import { CLOSE_AFTER_DAYS, FORM_SETTING_FLAGS, SMART_VALUES, type FormSettingFlag } from '../../../src/shared/actions';
import { DEFAULT_POLL_SETTINGS, POLL_LIMITS, RESULTS_VISIBILITIES, type ResultsVisibility } from '../../../src/shared/poll-limits';
import { OPTION_TEMPLATES, optionTemplateNamed } from '../../../src/shared/poll-templates';
import { describedBy, FormField, FormGroup } from '../../common/form-field';
import type { Inputs } from './action-config';
import { TextInput } from './text-input';
import { textOf, useConfigForm, type FieldErrors } from './use-config-form';

type Field = 'issueKey' | 'title' | 'description' | 'options' | 'settings' | 'closeAfterDays';

type Draft = {
  issueKey: string;
  title: string;
  description: string;
  options: string;
  resultsVisibility: ResultsVisibility;
  flags: Record<FormSettingFlag, boolean>;
  closeAfterDays: string;
  /** Saved settings this form has no control for (an end date, say): kept as they are. */
  otherSettings: Record<string, unknown>;
};

const VISIBILITY_LABELS: Record<ResultsVisibility, string> = {
  alwaysPublic: 'Always',
  afterVote: 'After the viewer has voted',
  afterClose: 'Once the poll is closed',
  private: 'Only to people who can edit the work item',
};

const FLAG_LABELS: Record<FormSettingFlag, string> = {
  allowSelectionOfMultipleOptions: 'Voters may choose several options',
  allowRevote: 'Voters may change their vote',
  allowComment: 'Voters may add a comment',
  saveParticipantNames: 'Record who voted for what (otherwise the poll is anonymous)',
  hideAbsoluteNumbers: 'Show percentages only, not vote counts',
};

const TEMPLATE_HELP = OPTION_TEMPLATES.map((t) => t.id).join(', ');

function settingsOf(text: unknown): Record<string, unknown> {
  if (typeof text !== 'string' || text.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function draftOf(inputs: Inputs): Draft {
  const { resultsVisibility, ...settings } = settingsOf(inputs['settings']);
  const flags = {} as Record<FormSettingFlag, boolean>;
  const otherSettings: Record<string, unknown> = { ...settings };
  for (const flag of FORM_SETTING_FLAGS) {
    flags[flag] = settings[flag] === true;
    delete otherSettings[flag];
  }
  const fresh = Object.keys(inputs).length === 0;
  return {
    issueKey: fresh ? SMART_VALUES.issueKey : textOf(inputs['issueKey']),
    title: textOf(inputs['title']),
    description: textOf(inputs['description']),
    options: textOf(inputs['options']),
    resultsVisibility: RESULTS_VISIBILITIES.find((v) => v === resultsVisibility) ?? DEFAULT_POLL_SETTINGS.resultsVisibility,
    flags,
    closeAfterDays: typeof inputs['closeAfterDays'] === 'number' ? String(inputs['closeAfterDays']) : '',
    otherSettings,
  };
}

/** What Automation saves: the manifest's inputs, non-default settings only, hidden smart values for the audit log and the link. */
function inputsOf(draft: Draft): Inputs {
  const settings: Record<string, unknown> = { ...draft.otherSettings };
  if (draft.resultsVisibility !== DEFAULT_POLL_SETTINGS.resultsVisibility) settings['resultsVisibility'] = draft.resultsVisibility;
  for (const flag of FORM_SETTING_FLAGS) if (draft.flags[flag]) settings[flag] = true;
  const days = Number(draft.closeAfterDays.trim());
  return {
    issueKey: draft.issueKey.trim(),
    title: draft.title,
    options: draft.options,
    ...(draft.description.trim() !== '' ? { description: draft.description } : {}),
    ...(Object.keys(settings).length > 0 ? { settings: JSON.stringify(settings) } : {}),
    ...(draft.closeAfterDays.trim() !== '' && Number.isInteger(days) ? { closeAfterDays: days } : {}),
    rule: SMART_VALUES.ruleName,
    siteUrl: SMART_VALUES.baseUrl,
  };
}

const hasSmartValue = (text: string): boolean => text.includes('{{');

/** The rules the action applies, checked before Automation saves; smart values are taken on trust. */
function check(draft: Draft): FieldErrors<Field> {
  const errors: FieldErrors<Field> = {};
  if (draft.issueKey.trim() === '') errors.issueKey = `Name the work item, or use ${SMART_VALUES.issueKey} for the rule's own.`;
  if (draft.title.trim() === '') errors.title = 'Enter the question.';
  else if (!hasSmartValue(draft.title) && [...draft.title].length > POLL_LIMITS.titleMaxLength) {
    errors.title = `Use at most ${POLL_LIMITS.titleMaxLength} characters.`;
  }
  const lines = draft.options.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (!optionTemplateNamed(draft.options) && !hasSmartValue(draft.options)) {
    if (lines.length < POLL_LIMITS.minOptions) errors.options = 'Give at least two options, one per line, or the name of a template.';
    else if (lines.length > POLL_LIMITS.maxOptions) errors.options = `Give at most ${POLL_LIMITS.maxOptions} options.`;
  }
  const days = Number(draft.closeAfterDays.trim());
  if (draft.closeAfterDays.trim() !== '' && (!Number.isInteger(days) || days < CLOSE_AFTER_DAYS.min || days > CLOSE_AFTER_DAYS.max)) {
    errors.closeAfterDays = `Enter a whole number of days from ${CLOSE_AFTER_DAYS.min} to ${CLOSE_AFTER_DAYS.max}, or leave it empty.`;
  }
  return errors;
}

export function CreatePollForm({ inputs, invalid }: { inputs: Inputs; invalid: Record<string, string> }): ReactElement {
  const { draft, errors, validating, change, textField } = useConfigForm<Draft, Field>({
    initial: draftOf(inputs),
    initialErrors: invalid,
    fresh: Object.keys(inputs).length === 0,
    inputsOf,
    check,
  });
  const text = (field: 'issueKey' | 'title' | 'closeAfterDays', label: string, helper: string, width?: string): ReactElement => (
    <TextInput {...textField(field)} label={label} helper={helper} width={width} />
  );
  return (
    <Stack space="space.200" testId="create-poll-form">
      {text('title', 'Question', 'What people vote on. Smart values such as {{issue.summary}} work here.')}
      <FormField id="input-description" label="Description (optional)" error={errors.description} testId="input-description">
        <TextArea
          id="input-description"
          value={draft.description}
          onChange={(e) => change('description', { description: e.currentTarget.value })}
          isDisabled={validating}
          minimumRows={2}
          testId="input-description-field"
        />
      </FormField>
      <FormField
        id="input-options"
        label="Options"
        error={errors.options}
        helper={`One per line (2–50), or the name of a template: ${TEMPLATE_HELP}.`}
        testId="input-options"
      >
        <TextArea
          id="input-options"
          value={draft.options}
          onChange={(e) => change('options', { options: e.currentTarget.value })}
          isInvalid={errors.options !== undefined}
          isDisabled={validating}
          minimumRows={4}
          aria-describedby={describedBy('input-options', errors.options, 'helper')}
          testId="input-options-field"
        />
      </FormField>
      {text('issueKey', 'Work item', `The work item the poll goes on. ${SMART_VALUES.issueKey} is the one the rule runs for.`, '240px')}
      <FormGroup id="input-visibility" legend="Results visible" error={errors.settings} testId="input-settings">
        <RadioGroup
          name="input-visibility"
          options={RESULTS_VISIBILITIES.map((value) => ({ label: VISIBILITY_LABELS[value], value, testId: `visibility-${value}` }))}
          value={draft.resultsVisibility}
          isDisabled={validating}
          onChange={(e) => change('settings', { resultsVisibility: e.currentTarget.value as ResultsVisibility })}
        />
      </FormGroup>
      <FormGroup id="input-flags" legend="Voting" testId="input-flags">
        {FORM_SETTING_FLAGS.map((flag) => (
          <Checkbox
            key={flag}
            label={FLAG_LABELS[flag]}
            isChecked={draft.flags[flag]}
            isDisabled={validating}
            onChange={(e) => change('settings', { flags: { ...draft.flags, [flag]: e.currentTarget.checked } })}
            testId={`flag-${flag}`}
          />
        ))}
      </FormGroup>
      {text(
        'closeAfterDays',
        'Close after (days, optional)',
        'The poll closes this many days after the rule runs. Empty: it stays open until closed.',
        '120px',
      )}
    </Stack>
  );
}
