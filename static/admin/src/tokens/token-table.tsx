import type { ReactElement, ReactNode } from 'react';
import Button from '@atlaskit/button/default/button';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { TokenView, Workspaces } from '../../../../src/shared/tokens';
import { DataTable, type Column, type Row } from '../components/data-table';
import { formatDate, formatDateTime, formatRelative } from '../lib/dates';
import { displayStatus, operationsSummary, scopeSummary } from '../lib/token-display';
import { TokenStatusLozenge } from './token-status-lozenge';

export type TokenAction = { kind: 'revoke' | 'rotate'; token: TokenView };

const COLUMNS: Column[] = [
  { key: 'name', label: 'Name', width: 18 },
  { key: 'scope', label: 'Scope', width: 14 },
  { key: 'operations', label: 'Operations', width: 11 },
  { key: 'created', label: 'Created', width: 14 },
  { key: 'expires', label: 'Expires', width: 10 },
  { key: 'lastUsed', label: 'Last used', width: 11 },
  { key: 'status', label: 'Status', width: 9 },
  { key: 'actions', label: 'Actions', width: 13 },
];

/** Expired and revoked tokens stay listed but greyed, so an admin can see what existed. */
function Cell({ inactive, children }: { inactive: boolean; children: ReactNode }): ReactElement {
  return (
    <Text color={inactive ? 'color.text.subtlest' : 'color.text'} size="medium">
      {children}
    </Text>
  );
}

function tokenRow(token: TokenView, workspaces: Workspaces | undefined, now: number, onAction: (a: TokenAction) => void): Row {
  const status = displayStatus(token, now);
  const inactive = status === 'expired' || status === 'revoked';
  return {
    key: token.id,
    testId: `token-row-${token.id}`,
    cells: [
      <Stack space="space.025">
        <Text weight="medium" color={inactive ? 'color.text.subtlest' : 'color.text'} testId="token-name">
          {token.name}
        </Text>
        <Text size="small" color="color.text.subtlest">
          {token.hint}
        </Text>
      </Stack>,
      <Cell inactive={inactive}>{scopeSummary(token.scope, workspaces)}</Cell>,
      <Cell inactive={inactive}>{operationsSummary(token.scope.operations)}</Cell>,
      <Stack space="space.025">
        <span title={formatDateTime(token.createdAt)}>
          <Cell inactive={inactive}>{formatDate(token.createdAt)}</Cell>
        </span>
        <Text size="small" color="color.text.subtlest">
          by {token.createdBy}
        </Text>
      </Stack>,
      <Cell inactive={inactive}>{token.expiresAt ? formatDate(token.expiresAt) : 'Never'}</Cell>,
      token.lastUsedAt ? (
        <span title={formatDateTime(token.lastUsedAt)}>
          <Cell inactive={inactive}>{formatRelative(token.lastUsedAt, now)}</Cell>
        </span>
      ) : (
        <Cell inactive={inactive}>Never used</Cell>
      ),
      <Stack space="space.025">
        <TokenStatusLozenge status={status} />
        {token.blockedBy ? (
          <Text size="small" color="color.text.subtle" testId="token-blocked-by">
            {token.blockedBy}
          </Text>
        ) : null}
      </Stack>,
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
    <DataTable
      label="Access tokens"
      columns={COLUMNS}
      // In the server's order: newest first, or by name when searching.
      rows={tokens.map((token) => tokenRow(token, workspaces, now, onAction))}
      emptyView={emptyView}
      testId="tokens-table"
    />
  );
}
