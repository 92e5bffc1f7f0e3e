import { AsyncLocalStorage } from 'node:async_hooks';
import type { KvsService } from './kvs';
import type { ProductResponse } from './product/routes';
import type { Actor } from './product/site';

/** What the platform globals need from the runtime that is running the current invocation. */
export type RuntimeBinding = {
  appId: string;
  installContext: string;
  kvs: KvsService;
  product: (remote: string, actor: Actor, method: string, url: URL, body: string | undefined) => ProductResponse;
  findUser: (accountId: string) => Actor | undefined;
};

/** One function invocation: which runtime runs it and on whose behalf (none for web triggers). */
export type Invocation = {
  runtime: RuntimeBinding;
  accountId: string | undefined;
  moduleKey: string;
  invocationId: string;
  /** When the platform would stop it (epoch ms): 55 s for web triggers, 25 s for resolvers. */
  deadline: number;
  /**
   * The user has not given the app consent (an Automation action run through the connection of a
   * user without a Connected apps entry): the platform refuses `asUser()` as if there were no user.
   */
  withoutConsent?: boolean;
};

// Forge runs each invocation in its own context; AsyncLocalStorage gives concurrent local
// invocations the same isolation, so one request's user never leaks into another's product calls.
const invocations = new AsyncLocalStorage<Invocation>();

export function runInvocation<T>(invocation: Invocation, fn: () => Promise<T>): Promise<T> {
  return invocations.run(invocation, fn);
}

/** The current invocation, if any: `@forge/kvs` peeks at the runtime global when it loads. */
export function maybeCurrentInvocation(): Invocation | undefined {
  return invocations.getStore();
}

export function currentInvocation(): Invocation {
  const invocation = invocations.getStore();
  if (!invocation) {
    throw new Error('A Forge API was called outside a function invocation. In tests, wrap the call in runtime.run(() => …).');
  }
  return invocation;
}
