import type { PollUiResolverDefinitions } from '../../../src/shared/poll-ui';
import { resolverCaller } from '../../common/invoke';

/** Calls a poll UI resolver through the Forge bridge; the place comes from the module's context. */
export const callPolls = resolverCaller<PollUiResolverDefinitions>();
