import type { ReactElement } from 'react';
import Lozenge from '@atlaskit/lozenge';
import { Box } from '@atlaskit/primitives/compiled/box';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { AuditEvent, InvalidTokenReason } from '../../../../src/shared/tokens';
import { DataTable, type Column, type Row } from '../components/data-table';
import { formatMinute, formatPreciseDateTime } from '../lib/dates';
import { OUTCOME_LOOK } from './audit-outcomes';

const COLUMNS: Column[] = [
  { key: 'time', label: 'Time', width: 16 },
  { key: 'outcome', label: 'Outcome', width: 13 },
  { key: 'token', label: 'Token or rule', width: 18 },
  { key: 'request', label: 'Request', width: 16 },
  { key: 'workspace', label: 'Workspace', width: 10 },
  { key: 'details', label: 'Details', width: 27 },
];

const NONE = '—';

type ActionReason =
  | 'actions_disabled'
  | 'workspace_not_allowed'
  | 'user_not_permitted'
  | 'no_consent'
  | 'invalid_request'
  | 'not_found'
  | 'storage_unavailable'
  | 'internal_error';

// Why a request was refused, in words; reasons not listed here are shown as recorded.
const REASON_TEXT: Record<InvalidTokenReason | 'workspace_not_granted' | 'operation_not_granted' | ActionReason, string> = {
  missing: 'No token sent',
  malformed: 'Not a Quorum token',
  checksum: 'Mistyped token (checksum)',
  unknown: 'Unknown token',
  expired: 'Token expired',
  revoked: 'Token revoked',
  query_token_disabled: 'Token in the URL, which the policy refuses',
  blocked_any_workspace: 'Blocked: the policy no longer allows tokens for any project or space',
  blocked_never_expires: 'Blocked: the policy no longer allows tokens that never expire',
  blocked_lifetime: 'Blocked: the token’s lifetime is longer than the policy allows',
  workspace_not_granted: 'Project or space not in the token’s scope',
  operation_not_granted: 'Operation not in the token’s scope',
  actions_disabled: 'Automation actions are turned off',
  workspace_not_allowed: 'Project or space not allowed for Automation actions',
  user_not_permitted: 'The rule’s user may not do this there',
  no_consent: 'The rule’s user has not allowed Quorum to act for them',
  invalid_request: 'Invalid inputs',
  not_found: 'Poll or work item not found',
  storage_unavailable: 'Storage unavailable',
  internal_error: 'Unexpected error',
};

/** A use of an Automation action, run by a rule (or Rovo) as a user. */
function isAction(event: AuditEvent): boolean {
  return event.method === 'AUTOMATION' || event.method === 'ROVO';
}

/** Who acted: a token (by its name now), an Automation rule (by the name it gave), or Rovo. */
function actor(event: AuditEvent, tokenNames: ReadonlyMap<string, string>): ReactElement {
  if (event.tokenId) {
    return (
      <Stack space="space.025">
        <Text>{tokenNames.get(event.tokenId) ?? 'Unknown token'}</Text>
        <Text size="small" color="color.text.subtlest">
          {event.tokenId.slice(0, 8)}
        </Text>
      </Stack>
    );
  }
  if (isAction(event)) {
    return (
      <Stack space="space.025">
        <Text>{event.rule ?? (event.method === 'ROVO' ? 'Rovo' : 'An Automation rule')}</Text>
        <Text size="small" color="color.text.subtlest">
          {event.method === 'ROVO' ? 'Rovo action' : 'Automation rule'}
        </Text>
      </Stack>
    );
  }
  return <Text color="color.text.subtlest">{NONE}</Text>;
}

function reasonText(reason: string): string {
  return reason in REASON_TEXT ? REASON_TEXT[reason as keyof typeof REASON_TEXT] : reason.charAt(0).toUpperCase() + reason.slice(1);
}

/** Reads and refusals counted per minute, rather than one event each. */
function isCounted(event: AuditEvent): boolean {
  return event.count !== null && event.outcome !== 'tokens_revoked_all';
}

/** "GET · read"; a counted event says how many requests its minute had: "412 × read". */
function request(event: AuditEvent): string {
  const parts = [event.method, event.operation].filter((p) => p !== null);
  const what = parts.length > 0 ? parts.join(' · ') : isCounted(event) ? 'requests' : NONE;
  return isCounted(event) ? `${event.count} × ${what}` : what;
}

function details(event: AuditEvent): string {
  const parts = [
    event.reason ? reasonText(event.reason) : null,
    event.actorAccountId ? `${isAction(event) ? 'As' : 'By'} ${event.actorAccountId}` : null,
    event.pollId ? `Poll ${event.pollId}` : null,
  ].filter((p) => p !== null);
  return parts.length > 0 ? parts.join(' · ') : NONE;
}

function row(event: AuditEvent, tokenNames: ReadonlyMap<string, string>): Row {
  const look = OUTCOME_LOOK[event.outcome];
  return {
    key: event.id,
    testId: 'audit-row',
    cells: [
      <Text>{isCounted(event) ? formatMinute(event.at) : formatPreciseDateTime(event.at)}</Text>,
      <Lozenge appearance={look.appearance} testId={`outcome-${event.outcome}`}>
        {look.label}
      </Lozenge>,
      actor(event, tokenNames),
      <Text>{request(event)}</Text>,
      <Text>{event.workspace ?? NONE}</Text>,
      <Text color="color.text.subtle">{details(event)}</Text>,
    ],
  };
}

export function AuditTable({
  events,
  tokenNames,
}: {
  events: readonly AuditEvent[];
  tokenNames: ReadonlyMap<string, string>;
}): ReactElement {
  return (
    <DataTable
      label="Audit log"
      columns={COLUMNS}
      rows={events.map((e) => row(e, tokenNames))}
      emptyView={
        <Box padding="space.300" testId="audit-empty">
          <Text as="p" align="center" color="color.text.subtle">
            No events match these filters. Token uses, refusals and admin changes appear here.
          </Text>
        </Box>
      }
      testId="audit-table"
    />
  );
}
