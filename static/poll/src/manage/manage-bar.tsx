import { useState, type ReactElement } from 'react';
import Button from '@atlaskit/button/default/button';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { PollCard } from '../../../../src/shared/poll-ui';
import { ConfirmDialog } from '../../../common/confirm-dialog';
import { downloadText } from '../../../common/download';
import { callPolls } from '../api';
import { errorText, usePollCall } from '../use-poll-call';
import { exportFileName, resultsCsv, votesCsv } from './export';

/** What an editor can do with a poll: edit, close or reopen, duplicate, export, delete. */
export default function ManageBar(props: {
  poll: PollCard;
  onChanged: (poll: PollCard) => void;
  onDeleted: (id: string) => void;
  onDuplicate: (poll: PollCard) => void;
  onEdit: (poll: PollCard) => void;
}): ReactElement {
  const { poll, onChanged, onDeleted, onDuplicate, onEdit } = props;
  const { busy, error, setError, run } = usePollCall();
  const [confirming, setConfirming] = useState(false);

  const setStatus = (): Promise<void> =>
    run(() => callPolls(poll.status === 'open' ? 'polls/close' : 'polls/reopen', { pollId: poll.id }), onChanged);

  const exportCsv = async (what: 'results' | 'votes'): Promise<void> => {
    setError(null);
    try {
      const csv = what === 'votes' ? await votesCsv(poll) : resultsCsv(poll);
      downloadText(exportFileName(poll, what), csv, 'text/csv;charset=utf-8');
    } catch (problem) {
      setError(problem instanceof Error ? problem.message : "The export didn't get through. Try again.");
    }
  };

  return (
    <>
      <Inline space="space.050" shouldWrap testId="manage-bar">
        <Button spacing="compact" appearance="subtle" onClick={() => onEdit(poll)} testId="edit-poll">
          Edit
        </Button>
        <Button spacing="compact" appearance="subtle" onClick={() => void setStatus()} isLoading={busy} testId="toggle-status">
          {poll.status === 'open' ? 'Close poll' : 'Reopen'}
        </Button>
        <Button spacing="compact" appearance="subtle" onClick={() => onDuplicate(poll)} testId="duplicate-poll">
          Duplicate
        </Button>
        <Button spacing="compact" appearance="subtle" onClick={() => void exportCsv('results')} testId="export-results">
          Export results
        </Button>
        {poll.settings.saveParticipantNames ? (
          <Button spacing="compact" appearance="subtle" onClick={() => void exportCsv('votes')} testId="export-votes">
            Export votes
          </Button>
        ) : null}
        <Button spacing="compact" appearance="subtle" onClick={() => setConfirming(true)} testId="delete-poll">
          Delete
        </Button>
      </Inline>
      {error ? (
        <Text color="color.text.danger" testId="manage-error">
          <span role="alert">{error}</span>
        </Text>
      ) : null}
      {confirming ? (
        <ConfirmDialog
          title="Delete this poll?"
          confirmLabel="Delete"
          testId="delete-dialog"
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            try {
              const result = await callPolls('polls/delete', { pollId: poll.id });
              if (!result.ok) return errorText(result.error);
              setConfirming(false);
              onDeleted(poll.id);
              return null;
            } catch {
              return "Deleting didn't get through. Check your connection and try again.";
            }
          }}
        >
          <Text as="p">“{poll.title}” and all its votes will be deleted for everyone. This can&apos;t be undone.</Text>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
