import { lazy, Suspense, useCallback, useEffect, useRef, useState, type ReactElement } from 'react';
import Button from '@atlaskit/button/default/button';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { PollCard as Card } from '../../../src/shared/poll-ui';
import type { ResolverResult } from '../../../src/shared/resolver-contract';
import { LoadGate } from '../../common/load-states';
import { Notice } from '../../common/notice';
import type { Loadable } from '../../common/use-resolver';
import { callPolls } from './api';
import { PollCard } from './poll-card';

const PollEditor = lazy(() => import('./manage').then((m) => ({ default: m.PollEditor })));

/** How often the results are asked for again while the panel is visible (DESIGN §10: within 5 s). */
export const REFRESH_MS = 4000;

type Listing = { polls: Card[]; canManage: boolean };
/** The first `polls/list` call, made by the entry before this code loaded. */
export type FirstListing = Promise<ResolverResult<Listing>>;
type Editing = { mode: 'create'; from?: Card } | { mode: 'edit'; poll: Card } | null;

/**
 * The Jira issue panel and the Confluence macro: every poll of the place, live. Results are
 * fetched again every few seconds while the panel is on screen and any poll is open (Forge
 * Realtime would push them, but the local runtime cannot emulate it faithfully — see README).
 */
export function App({ firstListing }: { firstListing?: FirstListing }): ReactElement {
  const [state, setState] = useState<Loadable<Listing>>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [editing, setEditing] = useState<Editing>(null);
  const latest = useRef(0);

  const load = useCallback(async (): Promise<void> => {
    const request = ++latest.current;
    try {
      const result = request === 1 && firstListing ? await firstListing : await callPolls('polls/list', {});
      if (request !== latest.current) return; // a newer request is on its way
      setState(result.ok ? { kind: 'loaded', data: result.data } : { kind: 'refused', error: result.error });
    } catch (error) {
      console.error('Loading the polls failed', error);
      if (request === latest.current) setState((prev) => (prev.kind === 'loaded' ? prev : { kind: 'unreachable' }));
    }
  }, [firstListing]);

  useEffect(() => {
    void load();
  }, [load, attempt]);

  const live = state.kind === 'loaded' && state.data.polls.some((poll) => poll.status === 'open');
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void load();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [live, load]);

  const replace = useCallback((poll: Card) => {
    latest.current++; // an answer already on its way predates this change
    setState((prev) =>
      prev.kind === 'loaded'
        ? {
            kind: 'loaded',
            data: {
              ...prev.data,
              polls: prev.data.polls.some((p) => p.id === poll.id)
                ? prev.data.polls.map((p) => (p.id === poll.id ? poll : p))
                : [...prev.data.polls, poll],
            },
          }
        : prev,
    );
  }, []);
  const remove = useCallback((id: string) => {
    latest.current++;
    setState((prev) =>
      prev.kind === 'loaded' ? { kind: 'loaded', data: { ...prev.data, polls: prev.data.polls.filter((p) => p.id !== id) } } : prev,
    );
  }, []);

  return (
    <main style={{ padding: '2px' }}>
      <LoadGate
        state={state}
        what="the polls"
        onRetry={() => {
          setState({ kind: 'loading' });
          setAttempt((n) => n + 1);
        }}
        forbidden={
          <Notice appearance="information" title="You can't see these polls" testId="forbidden">
            <Text as="p">Polls are visible to people who can see this issue or page.</Text>
          </Notice>
        }
      >
        {({ polls, canManage }) => (
          <Stack space="space.200">
            {polls.length === 0 ? (
              <Stack space="space.100" testId="polls-empty">
                <Text color="color.text.subtle">
                  {canManage
                    ? 'No polls here yet. Ask a question and let people vote on it right here.'
                    : 'No polls here yet. People who can edit this can start one.'}
                </Text>
              </Stack>
            ) : (
              polls.map((poll) => (
                <PollCard
                  key={poll.id}
                  poll={poll}
                  onChanged={replace}
                  onDeleted={remove}
                  onDuplicate={(from) => setEditing({ mode: 'create', from })}
                  onEdit={(p) => setEditing({ mode: 'edit', poll: p })}
                />
              ))
            )}
            {canManage ? (
              <div>
                <Button
                  appearance={polls.length === 0 ? 'primary' : 'default'}
                  onClick={() => setEditing({ mode: 'create' })}
                  testId="create-poll"
                >
                  Create poll
                </Button>
              </div>
            ) : null}
          </Stack>
        )}
      </LoadGate>
      {editing ? (
        <Suspense fallback={null}>
          <PollEditor
            editing={editing}
            onSaved={(poll) => {
              replace(poll);
              setEditing(null);
            }}
            onClose={() => setEditing(null)}
          />
        </Suspense>
      ) : null}
    </main>
  );
}
