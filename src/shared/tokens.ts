import * as v from 'valibot';
import { boundedArray, integer, isoDateTime, strictObject, uuid } from './schemas';
import { isPlainText } from './text';

/**
 * Tokens, policy and audit as the admin page and the backend both see them (DESIGN §3, §5, §8).
 * The schemas validate resolver payloads; the admin page imports only the types.
 */
export const OPERATIONS = ['read', 'create', 'update', 'delete'] as const;
export type Operation = (typeof OPERATIONS)[number];

export const TOKEN_NAME_MAX_LENGTH = 100;

const ProjectKeysSchema = boundedArray(v.pipe(v.string(), v.regex(/^[A-Z][A-Z0-9_]{0,49}$/, 'must be a Jira project key such as PLAT')), {
  max: 100,
});
const SpaceIdsSchema = boundedArray(v.pipe(v.string(), v.regex(/^\d{1,20}$/, 'must be a Confluence space id such as 1001')), { max: 100 });

export const TokenScopeSchema = strictObject({
  jiraProjects: ProjectKeysSchema,
  confluenceSpaces: SpaceIdsSchema,
  anyWorkspace: v.boolean(),
  operations: boundedArray(v.picklist(OPERATIONS), { min: 1, max: OPERATIONS.length, tooFew: 'choose at least one operation' }),
});
export type TokenScope = v.InferOutput<typeof TokenScopeSchema>;

export const TokenNameSchema = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, 'enter a name'),
  v.maxLength(TOKEN_NAME_MAX_LENGTH, `use at most ${TOKEN_NAME_MAX_LENGTH} characters`),
  v.check(isPlainText, 'must not contain control characters or broken Unicode'),
);

export const CreateTokenSchema = strictObject({
  name: TokenNameSchema,
  scope: TokenScopeSchema,
  expiresAt: v.nullable(isoDateTime({ offset: true }, 'must be an ISO date-time')),
});
export type CreateTokenInput = v.InferOutput<typeof CreateTokenSchema>;

export const TokenIdSchema = strictObject({ id: uuid() });

/**
 * `blocked`: the token is within its lifetime and not revoked, but the current policy forbids
 * its scope or its expiry; it is refused until the policy allows it again (policy binds, it does
 * not revoke).
 */
export const TOKEN_STATUSES = ['active', 'expired', 'revoked', 'blocked'] as const;
export type TokenStatus = (typeof TOKEN_STATUSES)[number];

/** A token as listed: never the secret, never its hash. */
export type TokenView = {
  id: string;
  name: string;
  hint: string;
  scope: TokenScope;
  createdAt: string;
  createdBy: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  rotatedFrom: string | null;
  status: TokenStatus;
  /** Why the policy blocks the token, in words, when its status is `blocked`. */
  blockedBy: string | null;
};

/** A page of the token list (DESIGN §8): newest first, or by name when searching. */
const pageLimit = v.optional(integer(1, 100));
const cursor = v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(2000)));

export const TokenListSchema = strictObject({
  limit: pageLimit,
  cursor,
  /** The start of a token's name, whatever its case. */
  query: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(TOKEN_NAME_MAX_LENGTH))),
  status: v.optional(v.picklist(TOKEN_STATUSES)),
});
export type TokenListInput = v.InferOutput<typeof TokenListSchema>;

/**
 * Where Quorum's native Automation (and Rovo) actions may work: off, every project and space, or
 * the ones listed. Off by default: an admin opts in, as for any new way in.
 */
export const AutomationPolicySchema = strictObject({
  enabled: v.boolean(),
  anyWorkspace: v.boolean(),
  jiraProjects: ProjectKeysSchema,
  confluenceSpaces: SpaceIdsSchema,
});
export type AutomationPolicy = v.InferOutput<typeof AutomationPolicySchema>;

export const PolicySchema = strictObject({
  maxLifetimeDays: integer(1, 3650),
  allowNeverExpires: v.boolean(),
  allowAnyWorkspace: v.boolean(),
  acceptQueryToken: v.boolean(),
  auditRetentionDays: integer(1, 365),
  /** Per token, so a leaked or runaway client cannot spend the installation's storage quota. */
  requestsPerMinutePerToken: integer(1, 5000),
  /** Storage look-ups per minute for well-formed tokens not seen before; beyond, they wait (429). */
  unknownTokenLookupsPerMinute: integer(1, 5000),
  automationActions: AutomationPolicySchema,
});
export type Policy = v.InferOutput<typeof PolicySchema>;

export const DEFAULT_POLICY: Policy = {
  maxLifetimeDays: 365,
  allowNeverExpires: false,
  allowAnyWorkspace: false,
  acceptQueryToken: true,
  auditRetentionDays: 90,
  requestsPerMinutePerToken: 300,
  unknownTokenLookupsPerMinute: 300,
  automationActions: { enabled: false, anyWorkspace: false, jiraProjects: [], confluenceSpaces: [] },
};

/**
 * `ok`: a change made through the API, one event each. `read` and `failed`: reads and operations
 * that failed, counted per token, minute and workspace (`count`). `invalid_token`: refused tokens
 * — one event each for a known token, per-minute counts by reason for the rest. An Automation
 * action's use is one event each (`rule` set, no token); `actions_disabled` when the policy has
 * them off.
 */
export const AUDIT_OUTCOMES = [
  'ok',
  'read',
  'failed',
  'invalid_token',
  'insufficient_scope',
  'rate_limited',
  'token_created',
  'token_revoked',
  'token_rotated',
  'tokens_revoked_all',
  'policy_updated',
  'actions_disabled',
] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** Why a token was refused; recorded in the audit log, never told to the caller. */
export type InvalidTokenReason =
  | 'missing'
  | 'malformed'
  | 'checksum'
  | 'unknown'
  | 'expired'
  | 'revoked'
  | 'query_token_disabled'
  | 'blocked_any_workspace'
  | 'blocked_never_expires'
  | 'blocked_lifetime';

export type AuditEvent = {
  id: string;
  at: string;
  outcome: AuditOutcome;
  tokenId: string | null;
  /** The admin behind a lifecycle event; the user an Automation rule or Rovo ran an action as. */
  actorAccountId: string | null;
  /** The Automation rule that used an action, as the action names it (its `rule` input, `{{rule.name}}`). */
  rule: string | null;
  reason: string | null;
  method: string | null;
  operation: Operation | null;
  workspace: string | null;
  pollId: string | null;
  /** For counted events (`read`, `failed`, refusals by reason): how many in the minute at `at`. */
  count: number | null;
};

export const AuditListSchema = strictObject({
  tokenId: v.optional(uuid()),
  outcome: v.optional(v.picklist(AUDIT_OUTCOMES)),
  limit: pageLimit,
  cursor,
});
export type AuditListInput = v.InferOutput<typeof AuditListSchema>;

export type Workspaces = {
  jiraProjects: Array<{ key: string; name: string }>;
  confluenceSpaces: Array<{ id: string; key: string; name: string }>;
};
