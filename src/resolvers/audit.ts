import type Resolver from '@forge/resolver';
import { listAudit } from '../audit/audit-log';
import { AuditListSchema } from '../shared/tokens';
import { adminOnly } from './admin-only';

/** Resolvers of the admin page's Audit tab. */
export function defineAuditResolvers(resolver: Resolver): void {
  resolver.define('audit/list', adminOnly(AuditListSchema, listAudit));
}
