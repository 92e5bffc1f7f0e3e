import fc from 'fast-check';
import type { LocalRuntime } from '../../local/runtime';
import { mintToken, quorumRuntime } from '../support/quorum';
import { callTrigger, STAR_POLL } from '../support/trigger';

let runtime: LocalRuntime;
let token: string;
const failures: unknown[] = [];
beforeAll(async () => {
  runtime = quorumRuntime({ onFunctionError: (error) => failures.push(error) });
  ({ token } = await mintToken(runtime));
});
afterAll(() => runtime.close());

describe('the polls API under random requests', () => {
  it('never answers 5xx, never lets an exception escape, and answers every error as a problem', async () => {
    const method = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'get', 'TRACE', 'FOO');
    const segment = fc.oneof(
      fc.constantFrom('polls', 'openapi.json', '00000000-0000-4000-8000-000000000000', '..', '%2e%2e', ''),
      fc.string({ maxLength: 12 }),
    );
    const path = fc.array(segment, { maxLength: 4 }).map((parts) => (parts.length ? `/${parts.map(encodeURIComponent).join('/')}` : ''));
    const queryValue = fc.oneof(
      fc.constantFrom('polls', 'PLAT', 'PLAT-1', '1001', '2001', 'results', '', token),
      fc.string({ maxLength: 20 }),
    );
    const query = fc.dictionary(
      fc.constantFrom('token', 'type', 'workspace', 'content', 'container', 'pollId', 'expand', 'limit', 'cursor', 'x'),
      queryValue,
      { maxKeys: 7 },
    );
    const jsonish = fc.oneof(
      fc.constant(JSON.stringify(STAR_POLL)),
      fc.json({ maxDepth: 4 }),
      fc.string({ maxLength: 200 }),
      fc.constant('['.repeat(5000)),
      fc.constant(`{"title":"${'x'.repeat(66_000)}"}`),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ ...STAR_POLL, workspace: 'PLAT', content: 'PLAT-1', extra: v })),
    );
    const headers = fc.record(
      {
        authorization: fc.oneof(fc.constant(`Bearer ${token}`), fc.string({ maxLength: 60 }), fc.constant('Bearer')),
        'content-type': fc.constantFrom(
          'application/json',
          'text/plain',
          'application/merge-patch+json',
          '',
          'application/json; charset=utf-8',
        ),
        'if-match': fc.oneof(fc.constantFrom('*', '"v1"', 'W/"v2"'), fc.string({ maxLength: 10 })),
        'idempotency-key': fc.string({ maxLength: 300 }),
      },
      { requiredKeys: [] },
    );

    await fc.assert(
      fc.asyncProperty(method, path, query, headers, jsonish, async (m, p, q, h, body) => {
        const url = `${p}?${new URLSearchParams(q).toString()}`;
        const answer = await callTrigger(runtime, { method: m, url, headers: h, body });
        expect(answer.status).toBeLessThan(500);
        if (answer.status >= 400) {
          expect(answer.headers['content-type']).toEqual(['application/problem+json']);
          expect(answer.json).toMatchObject({ status: answer.status, code: expect.any(String), errors: expect.any(Array) });
        } else if (answer.status !== 204) {
          expect(answer.headers['content-type']).toEqual(['application/json']);
        }
      }),
      { numRuns: 400 },
    );
    expect(failures).toEqual([]);
  });
});
