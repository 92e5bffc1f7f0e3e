import { toJsonSchema, type ConversionConfig } from '@valibot/to-json-schema';
import { openApiDocument } from '../../src/webtrigger/openapi';
import { POLL_LIMITS, PollBodySchema, PollPatchSchema, RESULTS_VISIBILITIES } from '../../src/shared/polls';

type Json = Record<string, any>;
const SERVER = 'https://example.atlassian-dev.net/x1/abc';
const doc = (): Json => openApiDocument(SERVER) as Json;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

function resolvePointer(root: Json, ref: string): unknown {
  expect(ref.startsWith('#/')).toBe(true);
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Json)[part] : undefined), root);
}

function refsIn(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => refsIn(item, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else refsIn(value, found);
    }
  }
  return found;
}

function operations(document: Json): Array<{ path: string; method: string; operation: Json }> {
  return Object.entries(document['paths'] as Json).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({ path, method, operation: item[method] as Json })),
  );
}

const deref = (document: Json, node: Json): Json => (node['$ref'] ? (resolvePointer(document, node['$ref']) as Json) : node);

describe('the OpenAPI document', () => {
  it('is an OpenAPI 3.1 document for the given server, and plain JSON', () => {
    const document = doc();
    expect(document['openapi']).toMatch(/^3\.1\.\d+$/);
    expect(document['info']).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(document['servers']).toEqual([{ url: SERVER }]);
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
  });

  it('resolves every $ref inside the document', () => {
    const document = doc();
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of new Set(refs)) expect({ ref, target: resolvePointer(document, ref) }).toEqual({ ref, target: expect.anything() });
  });

  it('describes both request styles: REST paths and Team Voice operations on /', () => {
    const document = doc();
    const byPath = (path: string): string[] =>
      operations(document)
        .filter((o) => o.path === path)
        .map((o) => o.method);
    expect(byPath('/polls')).toEqual(['get', 'post']);
    expect(byPath('/polls/{id}')).toEqual(['get', 'put', 'delete', 'patch']);
    expect(byPath('/openapi.json')).toEqual(['get']);
    expect(byPath('/')).toEqual(['get', 'put', 'post', 'delete']);
    const teamVoiceParameters = (document['paths']['/']['parameters'] as Json[]).map((p) => deref(document, p)['name']);
    const getParameters = (document['paths']['/']['get']['parameters'] as Json[]).map((p) => deref(document, p)['name']);
    expect([...teamVoiceParameters, ...getParameters].sort()).toEqual(['container', 'content', 'expand', 'pollId', 'type', 'workspace']);
  });

  it('gives every operation a unique id, a success response and problem+json errors', () => {
    const document = doc();
    const ids = operations(document).map((o) => o.operation['operationId']);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, operation } of operations(document)) {
      const statuses = Object.keys(operation['responses'] ?? {});
      expect({ path, method, success: statuses.some((s) => /^2\d\d$/.test(s)) }).toEqual({ path, method, success: true });
      for (const status of statuses.filter((s) => /^[45]\d\d$/.test(s))) {
        const response = deref(document, operation['responses'][status]);
        expect(response['content']).toEqual({ 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } });
      }
    }
  });

  it('describes an error response for every status the API answers with', () => {
    const document = doc();
    const statuses = new Set(operations(document).flatMap((o) => Object.keys(o.operation['responses'])));
    for (const status of ['400', '401', '403', '404', '405', '409', '412', '413', '415', '422', '429', '503'])
      expect(statuses).toContain(status);
    const unauthorized = deref(document, document['paths']['/polls']['get']['responses']['401']);
    expect(Object.keys(unauthorized['headers'])).toEqual(['WWW-Authenticate']);
    const limited = deref(document, document['paths']['/polls']['get']['responses']['429']);
    expect(Object.keys(limited['headers'])).toEqual(['Retry-After']);
  });

  it('accepts a bearer token or ?token=, and serves itself without one', () => {
    const document = doc();
    expect(document['components']['securitySchemes']).toEqual({
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      token: expect.objectContaining({ type: 'apiKey', in: 'query', name: 'token' }),
    });
    expect(document['security']).toEqual([{ bearer: [] }, { token: [] }]);
    expect(document['paths']['/openapi.json']['get']['security']).toEqual([]);
  });

  it('documents If-Match and 412 on REST writes, Idempotency-Key and 201 with Location on REST create', () => {
    const document = doc();
    for (const method of ['put', 'patch', 'delete']) {
      const operation = document['paths']['/polls/{id}'][method];
      expect(operation['parameters'].map((p: Json) => deref(document, p)['name'])).toContain('If-Match');
      expect(operation['responses']['412']).toBeDefined();
    }
    const create = document['paths']['/polls']['post'];
    expect(create['parameters'].map((p: Json) => deref(document, p)['name'])).toEqual(['Idempotency-Key']);
    expect(Object.keys(create['responses']['201']['headers'])).toEqual(['Location', 'ETag']);
    expect(Object.keys(document['paths']['/polls/{id}']['patch']['requestBody']['content'])).toContain('application/merge-patch+json');
  });

  it('generates its schemas from the valibot schemas the API validates with', () => {
    const schemas = doc()['components']['schemas'];
    // Our own checks are described by metadata beside them, so the converter may pass over them.
    const config = { target: 'draft-2020-12', typeMode: 'input', ignoreActions: ['check', 'raw_check'] } satisfies ConversionConfig;
    const { $schema: _ignored, ...bodyFromValibot } = toJsonSchema(PollBodySchema, config) as Json;
    expect(schemas['PollBody']).toEqual(bodyFromValibot);
    const { $schema: _alsoIgnored, ...patchFromValibot } = toJsonSchema(PollPatchSchema, config) as Json;
    expect(schemas['PollPatch']).toEqual(patchFromValibot);
    expect(schemas['PollBody']['properties']['title']).toMatchObject({ minLength: 1, maxLength: POLL_LIMITS.titleMaxLength });
    expect(schemas['PollBody']['properties']['options']).toMatchObject({
      minItems: POLL_LIMITS.minOptions,
      maxItems: POLL_LIMITS.maxOptions,
    });
    expect(schemas['PollBody']['additionalProperties']).toBe(false);
    expect(schemas['PollBody']['required']).toEqual(['title', 'options']);
    expect(schemas['Poll']['properties']['settings']['properties']['resultsVisibility']['enum']).toEqual([...RESULTS_VISIBILITIES]);
    expect(schemas['Poll']['required']).toContain('version');
    expect(schemas['Poll']['properties']['results']).toEqual({ $ref: '#/components/schemas/PollResults' });
    expect(schemas['PollPage']['properties']['polls']['items']).toEqual({ $ref: '#/components/schemas/Poll' });
    for (const schema of Object.values(schemas) as Json[]) {
      expect(schema['$id']).toBeUndefined();
      expect(schema['$schema']).toBeUndefined();
    }
  });

  it('hands out an independent document each time', () => {
    const first = doc();
    first['components']['schemas']['PollBody']['properties']['title']['maxLength'] = 1;
    expect(doc()['components']['schemas']['PollBody']['properties']['title']['maxLength']).toBe(POLL_LIMITS.titleMaxLength);
  });
});
