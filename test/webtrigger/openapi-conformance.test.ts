import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { LocalRuntime } from '../../local/runtime';
import { mintToken, quorumRuntime } from '../support/quorum';
import { callTrigger, JSON_HEADERS, STAR_POLL, type TriggerAnswer } from '../support/trigger';

type Response = { $ref?: string; content?: Record<string, { schema: object }> };
type Operation = { responses: Record<string, Response> };
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, object>; responses?: Record<string, Response> };
};

let runtime: LocalRuntime;
let document: Document;
let token: string;
let ajv: Ajv2020;

beforeAll(async () => {
  runtime = quorumRuntime();
  ({ token } = await mintToken(runtime));
  document = (await callTrigger(runtime, { url: '/openapi.json' })).json;
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'quorum', components: document.components });
});
afterAll(() => runtime.close());

/** Rewrites the document's local $refs so that ajv resolves them against the registered components. */
function schemaOf(schema: object): object {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"quorum#/components/'));
}

function expectDocumented(path: string, method: string, answer: TriggerAnswer): void {
  const operation = document.paths[path]?.[method];
  expect(operation).toBeDefined();
  const listed = operation!.responses[String(answer.status)];
  const documented = listed?.$ref ? document.components.responses?.[listed.$ref.replace('#/components/responses/', '')] : listed;
  if (!documented) throw new Error(`${method.toUpperCase()} ${path} answered ${answer.status}, which is not documented: ${answer.body}`);
  const [mediaType, media] = Object.entries(documented.content ?? {})[0] ?? [];
  if (!media) {
    expect(answer.body).toBe('');
    return;
  }
  expect(answer.headers['content-type']).toEqual([mediaType]);
  const validate = ajv.compile(schemaOf(media.schema));
  if (!validate(answer.json)) throw new Error(`${method.toUpperCase()} ${path} → ${answer.status}: ${ajv.errorsText(validate.errors)}`);
}

async function newPoll(): Promise<{ id: string }> {
  const auth = { authorization: `Bearer ${token}`, ...JSON_HEADERS };
  return (
    await callTrigger(runtime, {
      method: 'POST',
      url: '/polls',
      headers: auth,
      body: JSON.stringify({ ...STAR_POLL, workspace: 'PLAT', content: 'PLAT-3' }),
    })
  ).json;
}

describe('the OpenAPI description matches the handlers', () => {
  it('documents exactly the routes the handler serves', () => {
    const routes = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((key) => ['get', 'post', 'put', 'patch', 'delete'].includes(key))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(
      [
        'GET /',
        'POST /',
        'PUT /',
        'DELETE /',
        'GET /polls',
        'POST /polls',
        'GET /polls/{id}',
        'PUT /polls/{id}',
        'PATCH /polls/{id}',
        'DELETE /polls/{id}',
        'GET /openapi.json',
      ].sort(),
    );
  });

  it('answers every documented route’s success with its documented status and schema', async () => {
    const auth = { authorization: `Bearer ${token}`, ...JSON_HEADERS };
    const tv = (extra = ''): string => `?type=polls&workspace=PLAT&content=PLAT-3${extra}`;
    const created = await newPoll();
    const calls: Array<[string, string, () => Promise<TriggerAnswer>]> = [
      ['/', 'post', () => callTrigger(runtime, { method: 'POST', url: tv(), headers: auth, body: JSON.stringify(STAR_POLL) })],
      ['/', 'get', () => callTrigger(runtime, { url: tv('&expand=results'), headers: auth })],
      [
        '/',
        'put',
        () => callTrigger(runtime, { method: 'PUT', url: tv(`&pollId=${created.id}`), headers: auth, body: JSON.stringify(STAR_POLL) }),
      ],
      ['/polls', 'get', () => callTrigger(runtime, { url: '/polls?workspace=PLAT&content=PLAT-3&limit=2', headers: auth })],
      [
        '/polls',
        'post',
        () =>
          callTrigger(runtime, {
            method: 'POST',
            url: '/polls',
            headers: auth,
            body: JSON.stringify({ ...STAR_POLL, workspace: 'PLAT', content: 'PLAT-3' }),
          }),
      ],
      ['/polls/{id}', 'get', () => callTrigger(runtime, { url: `/polls/${created.id}?expand=results`, headers: auth })],
      [
        '/polls/{id}',
        'put',
        () => callTrigger(runtime, { method: 'PUT', url: `/polls/${created.id}`, headers: auth, body: JSON.stringify(STAR_POLL) }),
      ],
      [
        '/polls/{id}',
        'patch',
        () => callTrigger(runtime, { method: 'PATCH', url: `/polls/${created.id}`, headers: auth, body: '{"title":"P"}' }),
      ],
      ['/', 'delete', async () => callTrigger(runtime, { method: 'DELETE', url: tv(`&pollId=${(await newPoll()).id}`), headers: auth })],
      ['/polls/{id}', 'delete', () => callTrigger(runtime, { method: 'DELETE', url: `/polls/${created.id}`, headers: auth })],
      ['/openapi.json', 'get', () => callTrigger(runtime, { url: '/openapi.json' })],
    ];
    for (const [path, method, call] of calls) {
      const answer = await call();
      expect(answer.status).toBeLessThan(300);
      expectDocumented(path, method, answer);
    }
  });

  it('answers documented errors with the documented problem schema', async () => {
    const auth = { authorization: `Bearer ${token}`, ...JSON_HEADERS };
    const calls: Array<[string, string, () => Promise<TriggerAnswer>]> = [
      ['/', 'get', () => callTrigger(runtime, { url: '?type=polls&workspace=PLAT&content=PLAT-3' })],
      ['/', 'get', () => callTrigger(runtime, { url: '?type=polls', headers: auth })],
      ['/', 'get', () => callTrigger(runtime, { url: '?type=polls&workspace=OPS&content=OPS-1', headers: auth })],
      [
        '/polls',
        'post',
        () => callTrigger(runtime, { method: 'POST', url: '/polls', headers: { ...auth, 'content-type': 'text/csv' }, body: 'a,b' }),
      ],
      ['/polls', 'post', () => callTrigger(runtime, { method: 'POST', url: '/polls', headers: auth, body: 'x'.repeat(70_000) })],
      ['/polls/{id}', 'get', () => callTrigger(runtime, { url: '/polls/00000000-0000-4000-8000-000000000000', headers: auth })],
      [
        '/polls/{id}',
        'patch',
        async () =>
          callTrigger(runtime, {
            method: 'PATCH',
            url: `/polls/${(await newPoll()).id}`,
            headers: { ...auth, 'if-match': '"v9"' },
            body: '{}',
          }),
      ],
    ];
    const statuses = [];
    for (const [path, method, call] of calls) {
      const answer = await call();
      statuses.push(answer.status);
      expectDocumented(path, method, answer);
    }
    expect(statuses).toEqual([401, 400, 403, 415, 413, 404, 412]);
  });
});
