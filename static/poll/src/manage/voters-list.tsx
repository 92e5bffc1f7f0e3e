import { useEffect, useState, type ReactElement } from 'react';
import Button from '@atlaskit/button/default/button';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { PollCard, Voter } from '../../../../src/shared/poll-ui';
import { Loading } from '../../../common/load-states';
import { callPolls } from '../api';
import { chosenTitles } from '../poll-text';

/** Who voted what, on a poll that records names: newest pages on demand. */
export default function VotersList({ poll }: { poll: PollCard }): ReactElement {
  const [voters, setVoters] = useState<Voter[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async (after?: string): Promise<void> => {
    setError(null);
    try {
      const page = await callPolls('polls/voters', { pollId: poll.id, ...(after ? { cursor: after } : {}) });
      if (!page.ok) return setError(page.error.message);
      setVoters((current) => [...(after ? (current ?? []) : []), ...page.data.voters]);
      setCursor(page.data.nextCursor);
    } catch {
      setError("The voters didn't load. Check your connection and try again.");
    }
  };

  useEffect(() => {
    void load();
    // Loaded once when shown; "More" asks for the next page.
  }, [poll.id]);

  if (error) return <Text color="color.text.danger">{error}</Text>;
  if (voters === null) return <Loading label="Loading voters" size="medium" />;
  return (
    <Stack space="space.050" testId="voters-list">
      {voters.length === 0 ? <Text color="color.text.subtle">Nobody has voted yet.</Text> : null}
      <ul style={{ margin: 0, paddingInlineStart: '1.25em' }}>
        {voters.map((voter) => (
          <li key={voter.accountId} data-testid="voter">
            <Text>
              <strong>{voter.displayName}</strong>: {chosenTitles(poll, voter.optionIds).join(', ')}
              {voter.comment ? ` — “${voter.comment}”` : ''}
            </Text>
          </li>
        ))}
      </ul>
      {cursor ? (
        <Button spacing="compact" appearance="subtle" onClick={() => void load(cursor)}>
          More voters
        </Button>
      ) : null}
    </Stack>
  );
}
