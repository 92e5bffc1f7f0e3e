import { Suspense, useEffect, useState, type ReactElement } from 'react';
import Button from '@atlaskit/button/default/button';
import EmptyState from '@atlaskit/empty-state';
import AddIcon from '@atlaskit/icon/core/add';
import { Box } from '@atlaskit/primitives/compiled/box';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { ApiInfo } from '../../../../src/shared/resolver-contract';
import type { Policy, TokenView, Workspaces } from '../../../../src/shared/tokens';
import SectionMessage from '@atlaskit/section-message';
import { listTokens, revokeAllTokens, revokeToken, rotateToken } from '../api';
import { LoadGate, Refused, Unreachable } from '../components/load-states';
import { useNotify } from '../components/notify';
import { usePaged, type PagedList } from '../use-paged';
import { failureMessage, settle, useForbidden, type Loadable, type Resource } from '../../../common/use-resolver';
import { CreateTokenDialog, RevealDialog, RevokeAllDialog, RevokeDialog, RotateDialog } from '../lazy-parts';
import type { Minted } from './reveal-dialog';
import { serverQuery, shownByFilter, TokenFilters, type TokenFilter } from './token-filters';
import { TokenTable, type TokenAction } from './token-table';

type Dialog = { kind: 'create' } | { kind: 'reveal'; minted: Minted; rotated: boolean } | { kind: 'revokeAll' } | TokenAction | null;

export type TokenList = { tokens: TokenView[]; nextCursor: string | null };

const PAGE_SIZE = 25;
// Searching asks the server as the admin types, once typing pauses.
const SEARCH_PAUSE_MS = 250;

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

function asLoadable<T>(list: PagedList<T>): Loadable<Extract<PagedList<T>, { kind: 'loaded' }>> {
  return list.kind === 'loaded' ? { kind: 'loaded', data: list } : list;
}

function dataOf<T>(state: Loadable<T>): T | undefined {
  return state.kind === 'loaded' ? state.data : undefined;
}

function NoTokens({ onCreate }: { onCreate: (() => void) | undefined }): ReactElement {
  return (
    <EmptyState
      header="No access tokens yet"
      headingLevel={2}
      description="Access tokens let Jira Automation rules, scripts and other systems create, read, update and delete Quorum polls through the web trigger — only in the projects and spaces you choose, only for the operations you allow, and only until the token expires or you revoke it."
      primaryAction={
        onCreate ? (
          <Button appearance="primary" onClick={onCreate} testId="empty-create-token">
            Create token
          </Button>
        ) : undefined
      }
      testId="tokens-empty"
    />
  );
}

/** Why the form can't open yet, if the policy or the site's workspaces are not loaded. */
function Prerequisite({
  policy,
  workspaces,
}: {
  policy: Resource<{ policy: Policy }>;
  workspaces: Resource<Workspaces>;
}): ReactElement | null {
  for (const [resource, what] of [
    [policy, 'the token policy'],
    [workspaces, "the site's projects and spaces"],
  ] as const) {
    const { state, reload } = resource;
    if (state.kind === 'refused' && state.error.code !== 'FORBIDDEN') return <Refused error={state.error} what={what} onRetry={reload} />;
    if (state.kind === 'unreachable') return <Unreachable what={what} onRetry={reload} />;
  }
  return null;
}

/**
 * The token list, a page at a time from the server: newest first, or by name as the admin
 * searches, filtered by status there too. `tokens` is the first page, fetched with the page.
 */
export function TokensTab(props: {
  tokens: Resource<TokenList>;
  policy: Resource<{ policy: Policy }>;
  workspaces: Resource<Workspaces>;
  apiInfo: Resource<ApiInfo>;
}): ReactElement {
  const { tokens, policy, workspaces, apiInfo } = props;
  const onForbidden = useForbidden();
  const notify = useNotify();
  const [filter, setFilter] = useState<TokenFilter>({ name: '', status: 'all' });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [changes, setChanges] = useState(0);
  const query = serverQuery({ ...filter, name: useDebounced(filter.name, SEARCH_PAUSE_MS) });
  const firstPage = dataOf(tokens.state);
  const filtered = query.query !== undefined || query.status !== undefined;
  // Unfiltered, the list starts from the page fetched with the page; filtered or after a change, from the server.
  const pages = usePaged(
    async (cursor) => {
      const result =
        cursor === null && !filtered && changes === 0 && firstPage
          ? { ok: true as const, data: firstPage }
          : await listTokens({ ...query, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
      return result.ok ? { ok: true, data: { items: result.data.tokens, nextCursor: result.data.nextCursor } } : result;
    },
    JSON.stringify(query),
    changes,
    tokens.state.kind !== 'loading',
  );

  const policyData = dataOf(policy.state)?.policy;
  const site = dataOf(workspaces.state);
  const canCreate = policyData !== undefined && site !== undefined;
  const openCreate = canCreate ? () => setDialog({ kind: 'create' }) : undefined;
  const now = Date.now();
  const anyTokens = (firstPage?.tokens.length ?? 0) > 0 || changes > 0;
  // Revoke-all is offered while a token that is not revoked may exist: one on the page, or beyond it.
  const shown = pages.list.kind === 'loaded' ? pages.list : undefined;
  const mayHaveLive = shown ? shown.nextCursor !== null || shown.items.some((t) => t.status !== 'revoked') || filtered : anyTokens;

  const replace = (view: TokenView): void => pages.update((list) => list.map((t) => (t.id === view.id ? view : t)));
  const changed = (): void => {
    setChanges((n) => n + 1);
    tokens.refresh();
  };

  const onCreated = (minted: Minted): void => {
    pages.update((list) => [minted.tokenView, ...list]);
    tokens.refresh();
    setDialog({ kind: 'reveal', minted, rotated: false });
  };

  const revoke = async (token: TokenView): Promise<string | null> => {
    const outcome = await settle(revokeToken(token.id), onForbidden);
    if (!outcome.ok) return failureMessage(outcome.error);
    replace(outcome.data.tokenView);
    setDialog(null);
    notify(`Token “${token.name}” revoked`);
    return null;
  };

  const rotate = async (token: TokenView): Promise<string | null> => {
    const outcome = await settle(rotateToken(token.id), onForbidden);
    if (!outcome.ok) return failureMessage(outcome.error);
    // The old token is revoked by the same write; the list is fetched again to show both.
    changed();
    setDialog({ kind: 'reveal', minted: outcome.data, rotated: true });
    return null;
  };

  const revokeAll = async (): Promise<string | null> => {
    const outcome = await settle(revokeAllTokens(), onForbidden);
    if (!outcome.ok) return failureMessage(outcome.error);
    changed();
    setDialog(null);
    notify(`${outcome.data.revoked} ${outcome.data.revoked === 1 ? 'token' : 'tokens'} revoked`);
    return null;
  };

  return (
    <Stack space="space.200" testId="tokens-tab">
      <Inline spread="space-between" alignBlock="start" space="space.200">
        <Box style={{ maxWidth: '640px' }}>
          <Text as="p" color="color.text.subtle">
            Tokens let Jira Automation rules and other systems use Quorum&apos;s API, limited to the projects, spaces and operations you
            choose. Each token is shown once, when it is created.
          </Text>
        </Box>
        <Inline space="space.100">
          <Button appearance="subtle" onClick={() => setDialog({ kind: 'revokeAll' })} isDisabled={!mayHaveLive} testId="revoke-all">
            Revoke all
          </Button>
          <Button appearance="primary" iconBefore={AddIcon} onClick={openCreate} isDisabled={!canCreate} testId="create-token">
            Create token
          </Button>
        </Inline>
      </Inline>
      <Prerequisite policy={policy} workspaces={workspaces} />
      <LoadGate state={tokens.state} what="the tokens" onRetry={tokens.reload}>
        {() =>
          !anyTokens ? (
            <NoTokens onCreate={openCreate} />
          ) : (
            <Stack space="space.200">
              <TokenFilters filter={filter} onChange={setFilter} />
              <LoadGate state={asLoadable(pages.list)} what="the tokens" onRetry={pages.reload}>
                {(loaded) => (
                  <Stack space="space.200">
                    <TokenTable
                      tokens={loaded.items.filter((t) => shownByFilter(filter, t, now))}
                      workspaces={site}
                      now={now}
                      onAction={setDialog}
                      emptyView={
                        <Box padding="space.300" testId="tokens-no-match">
                          <Text as="p" align="center" color="color.text.subtle">
                            {loaded.nextCursor
                              ? 'No tokens on this page match; load more to look further.'
                              : 'No tokens match the search and status filter.'}
                          </Text>
                        </Box>
                      }
                    />
                    {loaded.moreError ? (
                      <SectionMessage appearance="error" testId="tokens-more-error">
                        {loaded.moreError}
                      </SectionMessage>
                    ) : null}
                    {loaded.nextCursor ? (
                      <Inline alignInline="center">
                        <Button onClick={pages.loadMore} isLoading={loaded.loadingMore} testId="tokens-load-more">
                          Load more
                        </Button>
                      </Inline>
                    ) : null}
                  </Stack>
                )}
              </LoadGate>
            </Stack>
          )
        }
      </LoadGate>
      <Suspense fallback={null}>
        {dialog?.kind === 'create' && policyData && site ? (
          <CreateTokenDialog policy={policyData} site={site} onCreated={onCreated} onClose={() => setDialog(null)} />
        ) : null}
        {dialog?.kind === 'reveal' ? (
          <RevealDialog
            minted={dialog.minted}
            rotated={dialog.rotated}
            webTriggerUrl={dataOf(apiInfo.state)?.webTriggerUrl ?? null}
            acceptQueryToken={policyData?.acceptQueryToken ?? true}
            onClose={() => setDialog(null)}
          />
        ) : null}
        {dialog?.kind === 'revoke' ? (
          <RevokeDialog token={dialog.token} onConfirm={() => revoke(dialog.token)} onClose={() => setDialog(null)} />
        ) : null}
        {dialog?.kind === 'rotate' ? (
          <RotateDialog token={dialog.token} onConfirm={() => rotate(dialog.token)} onClose={() => setDialog(null)} />
        ) : null}
        {dialog?.kind === 'revokeAll' ? <RevokeAllDialog onConfirm={revokeAll} onClose={() => setDialog(null)} /> : null}
      </Suspense>
    </Stack>
  );
}
