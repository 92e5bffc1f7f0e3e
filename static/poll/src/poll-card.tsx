import { lazy, Suspense, useId, useState, type CSSProperties, type ReactElement } from 'react';
import Button from '@atlaskit/button/default/button';
import { Checkbox } from '@atlaskit/checkbox';
import Heading from '@atlaskit/heading';
import { Box } from '@atlaskit/primitives/compiled/box';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import { Radio } from '@atlaskit/radio';
import { token } from '@atlaskit/tokens';
import type { PollCard as Card } from '../../../src/shared/poll-ui';
import { POLL_LIMITS } from '../../../src/shared/poll-limits';
import { callPolls } from './api';
import { chosenTitles, endText, hiddenText, myVoteText } from './poll-text';
import { ResultsView } from './results-view';
import { StatusPill } from './status-pill';
import { WRAP } from './styles';
import { usePollCall } from './use-poll-call';

// Managing is for editors only, and loads when one of them asks for it.
const ManageBar = lazy(() => import('./manage').then((m) => ({ default: m.ManageBar })));
const VotersList = lazy(() => import('./manage').then((m) => ({ default: m.VotersList })));
// Only polls that take comments need a text area.
const TextArea = lazy(() => import('@atlaskit/textarea'));

type Props = {
  poll: Card;
  onChanged: (poll: Card) => void;
  onDeleted: (id: string) => void;
  onDuplicate: (poll: Card) => void;
  onEdit: (poll: Card) => void;
};

/** One poll: what it asks, how to vote, the results as far as this viewer may see them. */
export function PollCard({ poll, onChanged, onDeleted, onDuplicate, onEdit }: Props): ReactElement {
  const [changing, setChanging] = useState(false);
  const [showVoters, setShowVoters] = useState(false);
  const voting = poll.canVote && (poll.myVote === null || changing);
  const ends = poll.status === 'open' ? endText(poll.settings.endDate, Date.now()) : null;
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} style={CARD} data-testid="poll-card" data-poll-id={poll.id}>
      <Stack space="space.150">
        <Stack space="space.050">
          <Inline spread="space-between" alignBlock="start" space="space.100">
            <Heading size="small" as="h3" id={headingId}>
              <span style={WRAP}>{poll.title}</span>
            </Heading>
            <StatusPill open={poll.status === 'open'} />
          </Inline>
          {ends ? (
            <Text size="small" color="color.text.subtle" testId="poll-ends">
              {ends}
            </Text>
          ) : null}
          {poll.description ? (
            <Text as="p" color="color.text.subtle">
              <span style={PRE_WRAP}>{poll.description}</span>
            </Text>
          ) : null}
        </Stack>

        {voting ? (
          <VoteForm
            poll={poll}
            onVoted={(next) => (setChanging(false), onChanged(next))}
            onCancel={changing ? () => setChanging(false) : undefined}
          />
        ) : (
          <MyVote poll={poll} onChange={() => setChanging(true)} onWithdrawn={onChanged} />
        )}

        {poll.results ? (
          <ResultsView poll={poll} results={poll.results} />
        ) : poll.resultsHidden ? (
          <Text size="small" color="color.text.subtle" testId="results-hidden">
            {hiddenText(poll.resultsHidden)}
          </Text>
        ) : null}

        {poll.settings.saveParticipantNames && poll.results ? (
          showVoters ? (
            <Suspense fallback={null}>
              <VotersList poll={poll} />
            </Suspense>
          ) : (
            <Box>
              <Button appearance="subtle" spacing="compact" onClick={() => setShowVoters(true)} testId="show-voters">
                Show who voted
              </Button>
            </Box>
          )
        ) : null}

        {poll.canManage ? (
          <Suspense fallback={null}>
            <ManageBar poll={poll} onChanged={onChanged} onDeleted={onDeleted} onDuplicate={onDuplicate} onEdit={onEdit} />
          </Suspense>
        ) : null}
      </Stack>
    </section>
  );
}

function VoteForm({
  poll,
  onVoted,
  onCancel,
}: {
  poll: Card;
  onVoted: (poll: Card) => void;
  onCancel: (() => void) | undefined;
}): ReactElement {
  const multiple = poll.settings.allowSelectionOfMultipleOptions;
  const [selected, setSelected] = useState<string[]>(poll.myVote?.optionIds ?? []);
  const [comment, setComment] = useState(poll.myVote?.comment ?? '');
  const { busy, error, run } = usePollCall("Your vote didn't get through. Check your connection and try again.");
  const groupName = useId();

  const toggle = (id: string, checked: boolean): void =>
    setSelected((current) => (multiple ? (checked ? [...current, id] : current.filter((x) => x !== id)) : [id]));

  const submit = (): Promise<void> => {
    const trimmed = comment.trim();
    return run(
      () =>
        callPolls('polls/vote', {
          pollId: poll.id,
          optionIds: selected,
          ...(poll.settings.allowComment ? { comment: trimmed === '' ? null : trimmed } : {}),
        }),
      onVoted,
    );
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      aria-label={`Vote on ${poll.title}`}
    >
      <Stack space="space.100">
        <fieldset style={FIELDSET}>
          <legend style={VISUALLY_HIDDEN}>{multiple ? 'Choose one or more options' : 'Choose one option'}</legend>
          <Stack space="space.050">
            {poll.options.map((option) =>
              multiple ? (
                <Checkbox
                  key={option.id}
                  name={groupName}
                  value={option.id}
                  label={<span style={WRAP}>{option.title}</span>}
                  isChecked={selected.includes(option.id)}
                  onChange={(event) => toggle(option.id, event.currentTarget.checked)}
                  testId={`option-${option.id}`}
                />
              ) : (
                <Radio
                  key={option.id}
                  name={groupName}
                  value={option.id}
                  label={<span style={WRAP}>{option.title}</span>}
                  isChecked={selected.includes(option.id)}
                  onChange={() => toggle(option.id, true)}
                  testId={`option-${option.id}`}
                />
              ),
            )}
          </Stack>
        </fieldset>
        {multiple ? (
          <Text size="small" color="color.text.subtle">
            You can choose more than one.
          </Text>
        ) : null}
        {poll.settings.allowComment ? (
          <Suspense fallback={null}>
            <TextArea
              aria-label="Comment (optional)"
              placeholder="Add a comment (optional)"
              value={comment}
              maxLength={POLL_LIMITS.commentMaxLength}
              onChange={(event) => setComment(event.currentTarget.value)}
              minimumRows={2}
              testId="vote-comment"
            />
          </Suspense>
        ) : null}
        {poll.settings.saveParticipantNames ? (
          <Text size="small" color="color.text.subtle" testId="named-notice">
            Votes on this poll are not anonymous: people who can see the results see your name with your vote.
          </Text>
        ) : null}
        {!poll.settings.allowRevote ? (
          <Text size="small" color="color.text.subtle">
            Votes are final: you can&apos;t change your vote after you submit it.
          </Text>
        ) : null}
        {error ? (
          <Text color="color.text.danger" testId="vote-error">
            <span role="alert">{error}</span>
          </Text>
        ) : null}
        <Inline space="space.100">
          <Button type="submit" appearance="primary" isDisabled={selected.length === 0} isLoading={busy} testId="vote">
            {poll.myVote ? 'Update vote' : 'Vote'}
          </Button>
          {onCancel ? (
            <Button appearance="subtle" onClick={onCancel} testId="cancel-change">
              Cancel
            </Button>
          ) : null}
        </Inline>
      </Stack>
    </form>
  );
}

function MyVote({
  poll,
  onChange,
  onWithdrawn,
}: {
  poll: Card;
  onChange: () => void;
  onWithdrawn: (poll: Card) => void;
}): ReactElement | null {
  const { busy, error, run } = usePollCall();
  if (!poll.myVote) {
    return poll.status === 'closed' ? (
      <Text color="color.text.subtle" testId="poll-closed-note">
        This poll is closed.
      </Text>
    ) : null;
  }
  const withdraw = (): Promise<void> => run(() => callPolls('polls/withdraw', { pollId: poll.id }), onWithdrawn);
  const mayChange = poll.status === 'open' && poll.settings.allowRevote;
  return (
    <Stack space="space.100" testId="my-vote">
      <Text weight="medium">
        <span role="status">{myVoteText(chosenTitles(poll, poll.myVote.optionIds))}</span>
      </Text>
      {poll.myVote.comment ? (
        <Text size="small" color="color.text.subtle">
          “{poll.myVote.comment}”
        </Text>
      ) : null}
      {error ? (
        <Text color="color.text.danger">
          <span role="alert">{error}</span>
        </Text>
      ) : null}
      {mayChange ? (
        <Inline space="space.100">
          <Button spacing="compact" onClick={onChange} testId="change-vote">
            Change vote
          </Button>
          <Button spacing="compact" appearance="subtle" onClick={() => void withdraw()} isLoading={busy} testId="withdraw-vote">
            Withdraw
          </Button>
        </Inline>
      ) : null}
    </Stack>
  );
}

const CARD: CSSProperties = {
  border: `1px solid ${token('color.border', '#091E4224')}`,
  borderRadius: token('radius.medium', '6px'),
  padding: token('space.200', '16px'),
  background: token('elevation.surface', '#FFFFFF'),
};
const PRE_WRAP: CSSProperties = { ...WRAP, whiteSpace: 'pre-wrap' };
const FIELDSET: CSSProperties = { border: 0, margin: 0, padding: 0, minWidth: 0 };
const VISUALLY_HIDDEN: CSSProperties = {
  position: 'absolute',
  width: '1px',
  height: '1px',
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
};
