import type Resolver from '@forge/resolver';
import { z } from 'zod';
import { CreateTokenSchema, TokenIdSchema } from '../shared/tokens';
import { createToken, listTokens, revokeAllTokens, revokeToken, rotateToken } from '../tokens/token-lifecycle';
import { adminOnly } from './admin-only';

const EmptyPayload = z.strictObject({});

/** Resolvers of the admin page's Tokens tab. */
export function defineTokenResolvers(resolver: Resolver): void {
  resolver.define(
    'tokens/list',
    adminOnly(EmptyPayload, async () => ({ tokens: await listTokens() })),
  );
  resolver.define(
    'tokens/create',
    adminOnly(CreateTokenSchema, (input, caller) => createToken(input, caller.accountId)),
  );
  resolver.define(
    'tokens/revoke',
    adminOnly(TokenIdSchema, async ({ id }, caller) => ({ tokenView: await revokeToken(id, caller.accountId) })),
  );
  resolver.define(
    'tokens/rotate',
    adminOnly(TokenIdSchema, ({ id }, caller) => rotateToken(id, caller.accountId)),
  );
  resolver.define(
    'tokens/revokeAll',
    adminOnly(EmptyPayload, async (_payload, caller) => ({ revoked: await revokeAllTokens(caller.accountId) })),
  );
}
