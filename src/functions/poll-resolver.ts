// The resolver of the Jira issue panel and the Confluence macro (manifest.yml: poll-resolver),
// apart from the admin resolver: its modules cannot reach the admin resolvers at all.
import Resolver from '@forge/resolver';
import { definePollUiResolvers } from '../resolvers/poll-ui';

const resolver = new Resolver();
definePollUiResolvers(resolver);

export const handler = resolver.getDefinitions();
