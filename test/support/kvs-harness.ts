import type { KvsService } from '../../local/kvs';

/**
 * Routes the real `@forge/kvs` client to a local KVS service. Import this module before
 * `@forge/kvs`: the client picks its transport when it is first required.
 */
type ForgeFetch = (context: unknown, path: string, init: { body?: string }) => Promise<Response>;

let current: KvsService | undefined;

const forgeFetch: ForgeFetch = async (_context, path, init) => {
  if (current === undefined) throw new Error('No KVS service is routed; call routeKvsTo(service) first.');
  const answer = await current.handle(path, init.body === undefined ? {} : JSON.parse(init.body));
  return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
    status: answer.status,
    headers: { 'content-type': 'application/json' },
  });
};

(globalThis as { __forge_fetch__?: ForgeFetch }).__forge_fetch__ = forgeFetch;

/** Sends every `@forge/kvs` request from now on to `service`. */
export function routeKvsTo(service: KvsService | undefined): void {
  current = service;
}
