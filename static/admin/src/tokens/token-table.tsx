import type { ReactElement, ReactNode } from 'react';
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import type { HeadType, RowType } from '@atlaskit/dynamic-table/types';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { TokenView, Workspaces } from '../../../../src/shared/tokens';
import { formatDate, formatDateTime, formatRelative } from '../lib/dates';
import { displayStatus, operationsSummary, scopeSummary } from '../lib/token-display';
import { TokenStatusLozenge } from './token-status-lozenge';

export type TokenAction = { kind: 'revoke' | 'rotate'; token: TokenView };

const HEAD: HeadType = {
  cells: [
    { key: 'name', content: 'Name', isSortable: true, width: 18 },
    { key: 'scope', content: 'Scope', width: 14 },
    { key: 'operations', content: 'Operations', width: 11 },
    { key: 'created', content: 'Created', isSortable: true, width: 14 },
    { key: 'expires', content: 'Expires', isSortable: true, width: 10 },
    { key: 'lastUsed', content: 'Last used', isSortable: true, width: 11 },
    { key: 'status', content: 'Status', width: 9 },
    { key: 'actions', content: 'Actions', width: 13 },
  ],
};

/** Expired and revoked tokens stay listed but greyed, so an admin can see what existed. */
function Cell({ inactive, children }: { inactive: boolean; children: ReactNode }): ReactElement {
  return (
    <Text color={inactive ? 'color.text.subtlest' : 'color.text'} size="medium">
      {children}
    </Text>
  );
}

function tokenRow(token: TokenView, workspaces: Workspaces | undefined, now: number, onAction: (a: TokenAction) => void): RowType {
  const status = displayStatus(token, now);
  const inactive = status === 'expired' || status === 'revoked';
  const sortTime = (iso: string | null): number => (iso ? Date.parse(iso) : Number.MAX_SAFE_INTEGER);
  return {
    key: token.id,
    testId: `token-row-${token.id}`,
    cells: [
      {
        key: token.name.toLowerCase(),
        content: (
          <Stack space="space.025">
            <Text weight="medium" color={inactive ? 'color.text.subtlest' : 'color.text'} testId="token-name">
              {token.name}
            </Text>
            <Text size="small" color="color.text.subtlest">
              {token.hint}
            </Text>
          </Stack>
        ),
      },
      { content: <Cell inactive={inactive}>{scopeSummary(token.scope, workspaces)}</Cell> },
      { content: <Cell inactive={inactive}>{operationsSummary(token.scope.operations)}</Cell> },
      {
        key: Date.parse(token.createdAt),
        content: (
          <Stack space="space.025">
            <span title={formatDateTime(token.createdAt)}>
              <Cell inactive={inactive}>{formatDate(token.createdAt)}</Cell>
            </span>
            <Text size="small" color="color.text.subtlest">
              by {token.createdBy}
            </Text>
          </Stack>
        ),
      },
      {
        key: sortTime(token.expiresAt),
        content: <Cell inactive={inactive}>{token.expiresAt ? formatDate(token.expiresAt) : 'Never'}</Cell>,
      },
      {
        key: token.lastUsedAt ? Date.parse(token.lastUsedAt) : 0,
        content: token.lastUsedAt ? (
          <span title={formatDateTime(token.lastUsedAt)}>
            <Cell inactive={inactive}>{formatRelative(token.lastUsedAt, now)}</Cell>
          </span>
        ) : (
          <Cell inactive={inactive}>Never used</Cell>
        ),
      },
      {
        content: (
          <Stack space="space.025">
            <TokenStatusLozenge status={status} />
            {token.blockedBy ? (
              <Text size="small" color="color.text.subtle" testId="token-blocked-by">
                {token.blockedBy}
              </Text>
            ) : null}
          </Stack>
        ),
      },
      {
        content:
          token.status === 'revoked' ? null : (
            <Inline space="space.050">
              {token.status === 'active' ? (
                <Button
                  appearance="subtle"
                  spacing="compact"
                  onClick={() => onAction({ kind: 'rotate', token })}
                  aria-label={`Rotate ${token.name}`}
                  testId="rotate-token"
                >
                  Rotate
                </Button>
              ) : null}
              <Button
                appearance="subtle"
                spacing="compact"
                onClick={() => onAction({ kind: 'revoke', token })}
                aria-label={`Revoke ${token.name}`}
                testId="revoke-token"
              >
                Revoke
              </Button>
            </Inline>
          ),
      },
    ],
  };
}

export function TokenTable(props: {
  tokens: readonly TokenView[];
  workspaces: Workspaces | undefined;
  now: number;
  onAction: (action: TokenAction) => void;
  emptyView: ReactElement;
}): ReactElement {
  const { tokens, workspaces, now, onAction, emptyView } = props;
  return (
    <DynamicTable
      label="Access tokens"
      head={HEAD}
      // In the server's order: newest first, or by name when searching.
      rows={tokens.map((token) => tokenRow(token, workspaces, now, onAction))}
      emptyView={emptyView}
      testId="tokens-table"
    />
  );
}
