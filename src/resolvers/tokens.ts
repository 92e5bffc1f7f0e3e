import type Resolver from '@forge/resolver';
import { CreateTokenSchema, TokenIdSchema, TokenListSchema } from '../shared/tokens';
import { createToken, listTokens, revokeAllTokens, revokeToken, rotateToken } from '../tokens/token-lifecycle';
import { adminOnly, EMPTY_PAYLOAD } from './admin-only';

/** Resolvers of the admin page's Tokens tab. */
export function defineTokenResolvers(resolver: Resolver): void {
  resolver.define(
    'tokens/list',
    adminOnly(TokenListSchema, (input) => listTokens(input)),
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
    adminOnly(EMPTY_PAYLOAD, async (_payload, caller) => ({ revoked: await revokeAllTokens(caller.accountId) })),
  );
}
