import type { AuditEvent, AuditListInput, CreateTokenInput, Policy, TokenListInput, TokenView, Workspaces } from './tokens';

/**
 * The contract between the admin page and the resolver function (DESIGN §8). Imported by both
 * `src/resolvers` and `static/admin`, so the two cannot drift apart.
 */
export const RESOLVER_ERROR_CODES = ['FORBIDDEN', 'VALIDATION', 'NOT_FOUND', 'CONFLICT', 'CLOSED', 'UNEXPECTED'] as const;
export type ResolverErrorCode = (typeof RESOLVER_ERROR_CODES)[number];

export type FieldError = { field: string; message: string };
export type ResolverError = { code: ResolverErrorCode; message: string; fields?: FieldError[] };
export type ResolverResult<T> = { ok: true; data: T } | { ok: false; error: ResolverError };

export type ApiInfo = { webTriggerUrl: string };

type Empty = Record<string, never>;

/** Payload and answer of every resolver, by function key. */
export type ResolverDefinitions = {
  'tokens/list': { payload: TokenListInput; data: { tokens: TokenView[]; nextCursor: string | null } };
  'tokens/create': { payload: CreateTokenInput; data: { token: string; tokenView: TokenView } };
  'tokens/revoke': { payload: { id: string }; data: { tokenView: TokenView } };
  'tokens/rotate': { payload: { id: string }; data: { token: string; tokenView: TokenView } };
  'tokens/revokeAll': { payload: Empty; data: { revoked: number } };
  'audit/list': { payload: AuditListInput; data: { events: AuditEvent[]; nextCursor: string | null } };
  'settings/get': { payload: Empty; data: { policy: Policy } };
  'settings/update': { payload: { policy: Policy }; data: { policy: Policy } };
  'site/workspaces': { payload: Empty; data: Workspaces };
  'api/info': { payload: Empty; data: ApiInfo };
};

export type ResolverKey = keyof ResolverDefinitions;
