import { useId, useState, type ReactElement } from 'react';
import Button from '@atlaskit/button/default/button';
import { Checkbox } from '@atlaskit/checkbox';
import DateTimePicker from '@atlaskit/datetime-picker/date-time-picker';
import Modal from '@atlaskit/modal-dialog';
import ModalBody from '@atlaskit/modal-dialog/modal-body';
import ModalFooter from '@atlaskit/modal-dialog/modal-footer';
import ModalHeader from '@atlaskit/modal-dialog/modal-header';
import ModalTitle from '@atlaskit/modal-dialog/modal-title';
import { Box } from '@atlaskit/primitives/compiled/box';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import { RadioGroup } from '@atlaskit/radio';
import SectionMessage from '@atlaskit/section-message';
import TextArea from '@atlaskit/textarea';
import Textfield from '@atlaskit/textfield';
import type { PollCard } from '../../../../src/shared/poll-ui';
import { DEFAULT_POLL_SETTINGS, POLL_LIMITS, type ResultsVisibility } from '../../../../src/shared/poll-limits';
import type { PollSettings } from '../../../../src/shared/polls';
import type { FieldError } from '../../../../src/shared/resolver-contract';
import { EscapeGuard } from '../../../common/escape-guard';
import { sentence, sortFieldErrors } from '../../../common/field-errors';
import { FormField, FormGroup } from '../../../common/form-field';
import { callPolls } from '../api';
import { TEMPLATES } from './templates';

type Editing = { mode: 'create'; from?: PollCard } | { mode: 'edit'; poll: PollCard };

/** An option in the form: `id` for options the poll has already (their votes stay with them). */
type OptionDraft = { key: number; id?: string; title: string };
type Draft = { title: string; description: string; options: OptionDraft[]; settings: PollSettings };
type Field = 'title' | 'description' | 'options' | 'endDate';

const VISIBILITY: Array<{ value: ResultsVisibility; label: string }> = [
  { value: 'alwaysPublic', label: 'Everyone, right away' },
  { value: 'afterVote', label: 'Each person once they have voted (everyone once the poll closes)' },
  { value: 'afterClose', label: 'Everyone, once the poll closes' },
  { value: 'private', label: 'Only people who can edit this issue or page' },
];

let nextKey = 1;
const draftOption = (title: string, id?: string): OptionDraft => ({ key: nextKey++, title, ...(id ? { id } : {}) });

function initialDraft(editing: Editing): Draft {
  const source = editing.mode === 'edit' ? editing.poll : editing.from;
  if (!source) return { title: '', description: '', options: [draftOption(''), draftOption('')], settings: { ...DEFAULT_POLL_SETTINGS } };
  return {
    title: editing.mode === 'create' ? `${source.title} (copy)`.slice(0, POLL_LIMITS.titleMaxLength) : source.title,
    description: source.description,
    // A copy is a new poll: its options are new too.
    options: source.options.map((o) => draftOption(o.title, editing.mode === 'edit' ? o.id : undefined)),
    settings: { ...source.settings },
  };
}

/** Where a resolver's field error belongs in this form. */
function fieldOf(path: string): Field | undefined {
  if (path === 'poll.title' || path === 'title') return 'title';
  if (path.endsWith('description')) return 'description';
  if (/(^|\.)options(\.|$)/.test(path)) return 'options';
  if (path.endsWith('settings.endDate')) return 'endDate';
  return undefined;
}

/** `poll.options.1.title: must be 1–255 characters` → "Option 2: must be 1–255 characters". */
function namingOption(error: FieldError): FieldError {
  const option = /(?:^|\.)options\.(\d+)(?:\.|$)/.exec(error.field);
  return option ? { ...error, message: `Option ${Number(option[1]) + 1}: ${error.message}` } : error;
}

/**
 * Creates a poll (from a template, or a copy of another) or edits one. Every setting is said in
 * plain words; editing a poll with votes warns what can and cannot change.
 */
export default function PollEditor({
  editing,
  onSaved,
  onClose,
}: {
  editing: Editing;
  onSaved: (poll: PollCard) => void;
  onClose: () => void;
}): ReactElement {
  const [draft, setDraft] = useState<Draft>(() => initialDraft(editing));
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ byField: Partial<Record<Field, string>>; unplaced: string[] }>({ byField: {}, unplaced: [] });
  const id = useId();
  const voted = editing.mode === 'edit' && (editing.poll.results?.participants ?? 0) > 0;
  const set = (settings: Partial<PollSettings>): void => setDraft((d) => ({ ...d, settings: { ...d.settings, ...settings } }));

  const save = async (): Promise<void> => {
    setBusy(true);
    setErrors({ byField: {}, unplaced: [] });
    const poll = {
      title: draft.title,
      description: draft.description,
      options: draft.options.map((o, order) => ({ ...(o.id ? { id: o.id } : {}), title: o.title, order })),
      settings: draft.settings,
    };
    try {
      const result =
        editing.mode === 'edit'
          ? await callPolls('polls/update', { pollId: editing.poll.id, version: editing.poll.version, poll })
          : await callPolls('polls/create', { poll });
      if (result.ok) return onSaved(result.data.poll);
      if (result.error.fields) setErrors(sortFieldErrors(result.error.fields.map(namingOption), fieldOf));
      else
        setErrors({
          byField: {},
          unplaced: [
            result.error.code === 'CONFLICT'
              ? 'Someone changed this poll meanwhile. Close this and open it again to see the change.'
              : result.error.message,
          ],
        });
    } catch {
      setErrors({ byField: {}, unplaced: ["Saving didn't get through. Check your connection and try again."] });
    } finally {
      setBusy(false);
    }
  };

  const title = editing.mode === 'edit' ? 'Edit poll' : editing.from ? 'Duplicate poll' : 'Create poll';
  return (
    <Modal onClose={() => !busy && onClose()} width="medium" label={title} testId="poll-editor">
      <ModalHeader hasCloseButton>
        <ModalTitle>{title}</ModalTitle>
      </ModalHeader>
      <ModalBody>
        <EscapeGuard>
          <form
            id={`${id}-form`}
            onSubmit={(event) => {
              event.preventDefault();
              void save();
            }}
          >
            <Stack space="space.200">
              {voted ? (
                <SectionMessage appearance="warning" title="People have voted on this poll" testId="editor-votes-warning">
                  <Text as="p">
                    Renaming an option keeps its votes. Options with votes can&apos;t be removed, and whether the poll is anonymous or
                    allows several choices can&apos;t change any more.
                  </Text>
                </SectionMessage>
              ) : null}
              {errors.unplaced.length > 0 ? (
                <SectionMessage appearance="error" testId="editor-error">
                  {errors.unplaced.map((message) => (
                    <Text as="p" key={message}>
                      {sentence(message)}
                    </Text>
                  ))}
                </SectionMessage>
              ) : null}
              {editing.mode === 'create' && !editing.from ? (
                <FormGroup id={`${id}-template`} legend="Start from" testId="template">
                  <Inline space="space.100" shouldWrap>
                    {TEMPLATES.map((template) => (
                      <Button
                        key={template.id}
                        spacing="compact"
                        onClick={() => setDraft((d) => ({ ...d, options: template.options.map((o) => draftOption(o)) }))}
                        testId={`template-${template.id}`}
                      >
                        {template.label}
                      </Button>
                    ))}
                  </Inline>
                </FormGroup>
              ) : null}
              <FormField
                id={`${id}-title`}
                label="Question"
                error={errors.byField.title && sentence(errors.byField.title)}
                testId="editor-title"
              >
                <Textfield
                  id={`${id}-title`}
                  value={draft.title}
                  maxLength={POLL_LIMITS.titleMaxLength}
                  onChange={(e) => setDraft({ ...draft, title: e.currentTarget.value })}
                  isRequired
                  testId="editor-title-input"
                />
              </FormField>
              <FormField
                id={`${id}-description`}
                label="Details (optional)"
                error={errors.byField.description && sentence(errors.byField.description)}
                testId="editor-description"
              >
                <TextArea
                  id={`${id}-description`}
                  value={draft.description}
                  maxLength={POLL_LIMITS.descriptionMaxLength}
                  onChange={(e) => setDraft({ ...draft, description: e.currentTarget.value })}
                  minimumRows={2}
                  testId="editor-description-input"
                />
              </FormField>
              <FormGroup
                id={`${id}-options`}
                legend="Options"
                error={errors.byField.options && sentence(errors.byField.options)}
                helper={`${POLL_LIMITS.minOptions}–${POLL_LIMITS.maxOptions} options.`}
                testId="editor-options"
              >
                {draft.options.map((option, index) => (
                  <Inline key={option.key} space="space.100" alignBlock="center">
                    <Box style={{ flexGrow: 1 }}>
                      <Textfield
                        aria-label={`Option ${index + 1}`}
                        value={option.title}
                        maxLength={POLL_LIMITS.optionTitleMaxLength}
                        onChange={(e) => {
                          const value = e.currentTarget.value;
                          setDraft((d) => ({ ...d, options: d.options.map((o) => (o.key === option.key ? { ...o, title: value } : o)) }));
                        }}
                        testId={`editor-option-${index}`}
                      />
                    </Box>
                    <Button
                      appearance="subtle"
                      spacing="compact"
                      isDisabled={draft.options.length <= POLL_LIMITS.minOptions}
                      onClick={() => setDraft((d) => ({ ...d, options: d.options.filter((o) => o.key !== option.key) }))}
                      aria-label={`Remove option ${index + 1}`}
                    >
                      Remove
                    </Button>
                  </Inline>
                ))}
                <Box>
                  <Button
                    spacing="compact"
                    isDisabled={draft.options.length >= POLL_LIMITS.maxOptions}
                    onClick={() => setDraft((d) => ({ ...d, options: [...d.options, draftOption('')] }))}
                    testId="editor-add-option"
                  >
                    Add option
                  </Button>
                </Box>
              </FormGroup>
              <FormGroup id={`${id}-voting`} legend="Voting" testId="editor-voting">
                <Checkbox
                  label="People may choose more than one option"
                  isChecked={draft.settings.allowSelectionOfMultipleOptions}
                  onChange={(e) => set({ allowSelectionOfMultipleOptions: e.currentTarget.checked })}
                  testId="setting-multiple"
                />
                <Checkbox
                  label="People may change or withdraw their vote while the poll is open"
                  isChecked={draft.settings.allowRevote}
                  onChange={(e) => set({ allowRevote: e.currentTarget.checked })}
                  testId="setting-revote"
                />
                <Checkbox
                  label="People may add a comment to their vote"
                  isChecked={draft.settings.allowComment}
                  onChange={(e) => set({ allowComment: e.currentTarget.checked })}
                  testId="setting-comment"
                />
                <Checkbox
                  label="Show who voted for what (otherwise votes are anonymous: nobody, admins included, can tell who chose what)"
                  isChecked={draft.settings.saveParticipantNames}
                  onChange={(e) => set({ saveParticipantNames: e.currentTarget.checked })}
                  testId="setting-names"
                />
              </FormGroup>
              <FormGroup id={`${id}-results`} legend="Who sees the results" testId="editor-visibility">
                <RadioGroup
                  name={`${id}-visibility`}
                  options={VISIBILITY.map((o) => ({ ...o, testId: `visibility-${o.value}` }))}
                  value={draft.settings.resultsVisibility}
                  onChange={(e) => set({ resultsVisibility: e.currentTarget.value as ResultsVisibility })}
                />
                <Checkbox
                  label="Show percentages only, not how many voted (people who can edit always see the numbers)"
                  isChecked={draft.settings.hideAbsoluteNumbers}
                  onChange={(e) => set({ hideAbsoluteNumbers: e.currentTarget.checked })}
                  testId="setting-percent-only"
                />
              </FormGroup>
              <FormField
                id={`${id}-end`}
                label="End date (optional)"
                error={errors.byField.endDate && sentence(errors.byField.endDate)}
                testId="editor-end"
              >
                <DateTimePicker
                  id={`${id}-end`}
                  value={draft.settings.endDate}
                  onChange={(value) => set({ endDate: value ? new Date(value).toISOString().replace(/\.\d{3}Z$/, 'Z') : '' })}
                  datePickerProps={{ placeholder: 'No end date' }}
                  timePickerProps={{ placeholder: 'Time' }}
                  testId="editor-end-input"
                />
              </FormField>
              <Checkbox
                label="Close the poll at the end date (no votes after it)"
                isChecked={draft.settings.closePollOnEndDate}
                isDisabled={draft.settings.endDate === ''}
                onChange={(e) => set({ closePollOnEndDate: e.currentTarget.checked })}
                testId="setting-close-on-end"
              />
            </Stack>
          </form>
        </EscapeGuard>
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" onClick={onClose} isDisabled={busy}>
          Cancel
        </Button>
        <Button appearance="primary" type="submit" form={`${id}-form`} isLoading={busy} testId="editor-save">
          {editing.mode === 'edit' ? 'Save' : 'Create'}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
