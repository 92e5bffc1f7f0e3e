import type { ReactElement } from 'react';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { SMART_VALUES } from '../../../src/shared/actions';
import type { Inputs } from './action-config';
import { TextInput } from './text-input';
import { textOf, useConfigForm, type FieldErrors } from './use-config-form';

type Field = 'pollId' | 'issueKey';
type Draft = Record<Field, string>;

function draftOf(inputs: Inputs): Draft {
  const fresh = Object.keys(inputs).length === 0;
  return { pollId: textOf(inputs['pollId']), issueKey: fresh ? SMART_VALUES.issueKey : textOf(inputs['issueKey']) };
}

function inputsOf(draft: Draft): Inputs {
  return {
    ...(draft.pollId.trim() !== '' ? { pollId: draft.pollId.trim() } : {}),
    ...(draft.issueKey.trim() !== '' ? { issueKey: draft.issueKey.trim() } : {}),
    rule: SMART_VALUES.ruleName,
  };
}

function check(draft: Draft): FieldErrors<Field> {
  return draft.pollId.trim() === '' && draft.issueKey.trim() === ''
    ? { pollId: 'Give a poll id, or a work item whose newest poll to use.' }
    : {};
}

/** "Get poll results" and "Close poll": which poll — by id, or the newest (open) one of a work item. */
export function PollRefForm(props: { inputs: Inputs; invalid: Record<string, string>; newest: string; testId: string }): ReactElement {
  const { inputs, invalid, newest, testId } = props;
  const { textField } = useConfigForm<Draft, Field>({
    initial: draftOf(inputs),
    initialErrors: invalid,
    fresh: Object.keys(inputs).length === 0,
    inputsOf,
    check,
  });
  const field = (name: Field, label: string, helper: string, width: string): ReactElement => (
    <TextInput {...textField(name)} label={label} helper={helper} width={width} />
  );
  return (
    <Stack space="space.200" testId={testId}>
      {field(
        'pollId',
        'Poll (optional)',
        'A poll id, such as {{createdQuorumPoll.pollId}} from a Create poll action earlier in the rule.',
        '420px',
      )}
      {field(
        'issueKey',
        'Work item',
        `Without a poll id: ${newest} of this work item. ${SMART_VALUES.issueKey} is the one the rule runs for.`,
        '240px',
      )}
    </Stack>
  );
}
