import type { AuditOutcome } from '../../../../src/shared/tokens';

type OutcomeLook = { label: string; appearance: 'success' | 'danger' | 'warning' | 'information' | 'neutral' };

// Typed by the contract's union, so a new outcome there fails the build until it is named here.
export const OUTCOME_LOOK: Record<AuditOutcome, OutcomeLook> = {
  ok: { label: 'Changed', appearance: 'success' },
  read: { label: 'Reads', appearance: 'neutral' },
  failed: { label: 'Failed', appearance: 'warning' },
  invalid_token: { label: 'Invalid token', appearance: 'danger' },
  insufficient_scope: { label: 'Out of scope', appearance: 'warning' },
  rate_limited: { label: 'Rate limited', appearance: 'warning' },
  token_created: { label: 'Token created', appearance: 'information' },
  token_revoked: { label: 'Token revoked', appearance: 'neutral' },
  token_rotated: { label: 'Token rotated', appearance: 'information' },
  tokens_revoked_all: { label: 'All tokens revoked', appearance: 'danger' },
  policy_updated: { label: 'Policy updated', appearance: 'neutral' },
  actions_disabled: { label: 'Actions off', appearance: 'warning' },
};

export const ALL_OUTCOMES = Object.keys(OUTCOME_LOOK) as AuditOutcome[];
