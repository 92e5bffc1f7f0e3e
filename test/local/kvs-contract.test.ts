// The harness must be imported before @forge/kvs, which picks its transport when first loaded.
import { routeKvsTo } from '../support/kvs-harness';
import { Filter, FilterConditions, kvs, MetadataField, Sort, WhereConditions } from '@forge/kvs';
import fc from 'fast-check';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createKvsService,
  createMemoryBackend,
  openLmdbBackend,
  type EntityDeclaration,
  type KvsBackend,
  type KvsService,
} from '../../local/kvs';

type Employee = { name?: string; age?: number; salary?: number; active?: boolean; team?: string; tags?: unknown };

const ENTITIES: EntityDeclaration[] = [
  {
    name: 'employee',
    attributes: {
      name: { type: 'string' },
      age: { type: 'integer' },
      salary: { type: 'float' },
      active: { type: 'boolean' },
      team: { type: 'string' },
      tags: { type: 'any' },
    },
    indexes: [
      'age',
      { name: 'by-team', partition: ['team'], range: ['age'] },
      { name: 'by-team-name', partition: ['team'], range: ['name'] },
      { name: 'by-salary', range: ['salary'] },
    ],
  },
];

const START = Date.UTC(2026, 0, 1, 12, 0, 0);
const ALL_METADATA = [MetadataField.CREATED_AT, MetadataField.UPDATED_AT, MetadataField.EXPIRE_TIME];

type BackendUnderTest = { name: string; open: (dir: string) => KvsBackend };
const BACKENDS: BackendUnderTest[] = [
  { name: 'memory', open: () => createMemoryBackend() },
  { name: 'LMDB', open: (dir) => openLmdbBackend(dir) },
];

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'kvs-contract-'));
}

type Failure = { code: string | undefined; status: number | undefined };

/** The `{ code, status }` of the ForgeKvsAPIError a KVS call fails with. */
async function failure(promise: Promise<unknown>): Promise<Failure> {
  try {
    await promise;
  } catch (error) {
    const apiError = error as { code?: string; responseDetails?: { status?: number } };
    return { code: apiError.code, status: apiError.responseDetails?.status };
  }
  throw new Error('Expected the KVS call to fail, but it succeeded.');
}

function employees() {
  return kvs.entity<Employee>('employee');
}

async function batchSetAll(items: Array<{ key: string; value: unknown; entityName?: string }>): Promise<void> {
  for (let start = 0; start < items.length; start += 25) {
    const result = await kvs.batchSet(items.slice(start, start + 25));
    expect(result.failedKeys).toEqual([]);
  }
}

/** Every key under `prefix`, following cursors page by page. */
async function listKeys(prefix: string, pageSize: number): Promise<{ keys: string[]; pages: number }> {
  const keys: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    let query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(pageSize);
    if (cursor !== undefined) query = query.cursor(cursor);
    const page = await query.getMany();
    keys.push(...page.results.map((result) => result.key));
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor !== undefined);
  return { keys, pages };
}

describe.each(BACKENDS)('the local Forge KVS on the $name backend', (backendUnderTest) => {
  let dir: string;
  let clock: number;
  let service: KvsService;

  beforeEach(() => {
    dir = tempDir();
    clock = START;
    service = createKvsService({ backend: backendUnderTest.open(dir), entities: ENTITIES, now: () => clock });
    routeKvsTo(service);
  });

  afterEach(async () => {
    routeKvsTo(undefined);
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('plain keys', () => {
    it('stores and reads back JSON values of every kind', async () => {
      const values: Record<string, unknown> = {
        string: 'hello',
        empty: '',
        number: 42.5,
        zero: 0,
        boolean: false,
        array: [1, 'two', { three: 3 }, null],
        object: { nested: { list: [true, false] }, unicode: 'Grüße 🎉' },
      };
      for (const [key, value] of Object.entries(values)) await kvs.set(key, value);
      for (const [key, value] of Object.entries(values)) expect(await kvs.get(key)).toEqual(value);
    });

    it('answers undefined for a key that was never set', async () => {
      expect(await kvs.get('never-set')).toBeUndefined();
      expect(await kvs.get('never-set', { metadataFields: ALL_METADATA })).toBeUndefined();
    });

    it('deletes a key, and deleting a missing key is not an error to the client', async () => {
      await kvs.set('doomed', 1);
      await kvs.delete('doomed');
      expect(await kvs.get('doomed')).toBeUndefined();
      await expect(kvs.delete('doomed')).resolves.toBeUndefined();
    });

    it('answers a missing key with 404 KEY_NOT_FOUND on the wire', async () => {
      expect(await service.handle('/api/v1/get', { key: 'absent' })).toEqual({
        status: 404,
        body: { code: 'KEY_NOT_FOUND', message: expect.any(String) },
      });
      expect((await service.handle('/api/v1/delete', { key: 'absent' })).status).toBe(404);
      expect(await service.handle('/api/v1/set', { key: 'present', value: 1 })).toEqual({ status: 204 });
    });

    it('overwrites by default, keeping the creation time and moving the update time', async () => {
      await kvs.set('counter', 1);
      clock += 5_000;
      await kvs.set('counter', 2);
      const result = await kvs.get<number>('counter', { metadataFields: ALL_METADATA });
      expect(result).toEqual({ key: 'counter', value: 2, createdAt: START, updatedAt: START + 5000 });
    });

    // storage-reference/kvs-api: "a Unix timestamp", in milliseconds in every example there.
    it('reports only the metadata asked for, times in epoch milliseconds and the expiry as an ISO date', async () => {
      await kvs.set('meta', 'v', { ttl: { value: 2, unit: 'HOURS' } });
      expect(await kvs.get('meta', { metadataFields: [MetadataField.EXPIRE_TIME] })).toEqual({
        key: 'meta',
        value: 'v',
        expireTime: new Date(START + 2 * 3_600_000).toISOString(),
      });
      expect(await kvs.get('meta', { metadataFields: [MetadataField.CREATED_AT] })).toEqual({
        key: 'meta',
        value: 'v',
        createdAt: START,
      });
    });

    it('refuses unknown metadata fields with 400 BAD_REQUEST', async () => {
      await kvs.set('meta', 'v');
      expect(await failure(kvs.get('meta', { metadataFields: ['SIZE' as MetadataField] }))).toEqual({ code: 'BAD_REQUEST', status: 400 });
    });

    it('refuses FAIL_IF_EXISTS on an existing key with 409 and keeps the old value', async () => {
      await kvs.set('once', 'first', { keyPolicy: 'FAIL_IF_EXISTS' });
      expect(await failure(kvs.set('once', 'second', { keyPolicy: 'FAIL_IF_EXISTS' }))).toEqual({
        code: 'KEY_ALREADY_EXISTS',
        status: 409,
      });
      expect(await kvs.get('once')).toBe('first');
    });

    it('lets FAIL_IF_EXISTS write a key whose TTL has passed', async () => {
      await kvs.set('lease', 'old', { ttl: { value: 30, unit: 'SECONDS' } });
      clock += 30_000;
      await kvs.set('lease', 'new', { keyPolicy: 'FAIL_IF_EXISTS' });
      expect(await kvs.get('lease', { metadataFields: ALL_METADATA })).toEqual({
        key: 'lease',
        value: 'new',
        createdAt: clock,
        updatedAt: clock,
      });
    });

    it('returns the previous value with returnValue PREVIOUS, and nothing when there was none', async () => {
      expect(await kvs.set('swap', 'a', { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' })).toBeUndefined();
      clock += 1_000;
      expect(
        await kvs.set('swap', 'b', { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS', returnMetadataFields: [MetadataField.UPDATED_AT] }),
      ).toEqual({
        key: 'swap',
        value: 'a',
        updatedAt: START,
      });
      expect(await kvs.get('swap')).toBe('b');
    });

    it('returns the stored value and the metadata asked for with returnValue LATEST', async () => {
      const result = await kvs.set(
        'fresh',
        { n: 1 },
        {
          keyPolicy: 'OVERRIDE',
          returnValue: 'LATEST',
          returnMetadataFields: ALL_METADATA,
          ttl: { value: 1, unit: 'DAYS' },
        },
      );
      expect(result).toEqual({
        key: 'fresh',
        value: { n: 1 },
        createdAt: START,
        updatedAt: START,
        expireTime: new Date(START + 86_400_000).toISOString(),
      });
    });

    it('refuses returnValue without keyPolicy OVERRIDE', async () => {
      const options = { keyPolicy: 'FAIL_IF_EXISTS', returnValue: 'LATEST' } as unknown as { keyPolicy: 'FAIL_IF_EXISTS' };
      expect(await failure(kvs.set('k', 1, options))).toEqual({ code: 'BAD_REQUEST', status: 400 });
      expect(await kvs.get('k')).toBeUndefined();
    });

    it.each([
      ['', 'KEY_TOO_SHORT'],
      ['k'.repeat(501), 'KEY_TOO_LONG'],
      ['a/b', 'INVALID_KEY'],
      ['emoji-🎉', 'INVALID_KEY'],
      ['   ', 'INVALID_KEY'],
      ['semi;colon', 'INVALID_KEY'],
    ])('rejects the key %j with %s and stores nothing', async (key, code) => {
      expect(await failure(kvs.set(key, 1))).toEqual({ code, status: 400 });
      expect(await failure(kvs.get(key))).toEqual({ code, status: 400 });
    });

    it('accepts keys of 500 characters made of letters, digits, whitespace and :._-#', async () => {
      const keys = ['k'.repeat(500), 'Aa0:._-# with spaces', 'tab\tseparated', 'x'];
      for (const key of keys) await kvs.set(key, key.length);
      for (const key of keys) expect(await kvs.get(key)).toBe(key.length);
    });

    it('accepts a value of exactly 240 KiB as JSON and rejects one byte more with MAX_SIZE', async () => {
      const limit = 240 * 1024;
      await kvs.set('big', 'x'.repeat(limit - 2));
      expect(await failure(kvs.set('bigger', 'x'.repeat(limit - 1)))).toEqual({ code: 'MAX_SIZE', status: 400 });
      expect((await kvs.get<string>('big'))?.length).toBe(limit - 2);
      expect(await kvs.get('bigger')).toBeUndefined();
    });

    // limits-kvs-ce and entities-manifest: "a maximum depth of 31"; handling-errors-kvs names 32 in
    // the MAX_DEPTH text. The stricter figure holds, the outermost object counting as level 1.
    it('accepts a value nested 31 levels deep and rejects 32 levels with MAX_DEPTH', async () => {
      const nest = (levels: number): unknown => (levels === 0 ? 'leaf' : { down: nest(levels - 1) });
      await kvs.set('deep', nest(31));
      expect(await kvs.get('deep')).toEqual(nest(31));
      expect(await failure(kvs.set('deeper', nest(32)))).toEqual({ code: 'MAX_DEPTH', status: 400 });
    });

    it('rejects a null or missing value', async () => {
      expect(await failure(kvs.set('nothing', null))).toEqual({ code: 'BAD_REQUEST', status: 400 });
      expect(await failure(kvs.set('nothing', undefined))).toEqual({ code: 'BAD_REQUEST', status: 400 });
    });
  });

  describe('time to live', () => {
    it('hides a key from get, query and batch get once its TTL has passed', async () => {
      await kvs.set('ttl:short', 'soon gone', { ttl: { value: 10, unit: 'SECONDS' } });
      await kvs.set('ttl:long', 'stays', { ttl: { value: 10, unit: 'MINUTES' } });
      clock += 9_999;
      expect(await kvs.get('ttl:short')).toBe('soon gone');
      clock += 1;
      expect(await kvs.get('ttl:short')).toBeUndefined();
      const page = await kvs.query().where('key', WhereConditions.beginsWith('ttl:')).getMany();
      expect(page.results.map((result) => result.key)).toEqual(['ttl:long']);
      const batch = await kvs.batchGet([{ key: 'ttl:short' }, { key: 'ttl:long' }]);
      expect(batch.successfulKeys.map((item) => item.key)).toEqual(['ttl:long']);
      expect(batch.failedKeys).toEqual([{ key: 'ttl:short', error: { code: 'KEY_NOT_FOUND', message: expect.any(String) } }]);
    });

    it('answers delete of an expired key like delete of a missing key', async () => {
      await kvs.set('gone', 1, { ttl: { value: 1, unit: 'SECONDS' } });
      clock += 1_000;
      expect((await service.handle('/api/v1/delete', { key: 'gone' })).status).toBe(404);
    });

    it('clears the expiry when the key is set again without a TTL', async () => {
      await kvs.set('renewed', 1, { ttl: { value: 1, unit: 'MINUTES' } });
      await kvs.set('renewed', 2);
      clock += 24 * 3_600_000;
      expect(await kvs.get('renewed', { metadataFields: [MetadataField.EXPIRE_TIME] })).toEqual({ key: 'renewed', value: 2 });
    });

    it.each([
      [{ value: 0, unit: 'SECONDS' }],
      [{ value: -1, unit: 'MINUTES' }],
      [{ value: 1.5, unit: 'HOURS' }],
      [{ value: 1, unit: 'WEEKS' }],
      [{ value: 366, unit: 'DAYS' }],
    ])('rejects the TTL %j', async (ttl) => {
      expect(await failure(kvs.set('k', 1, { ttl: ttl as never }))).toEqual({ code: 'BAD_REQUEST', status: 400 });
    });

    it('accepts a TTL of 365 days', async () => {
      await kvs.set('year', 1, { ttl: { value: 365, unit: 'DAYS' } });
      clock += 365 * 86_400_000 - 1;
      expect(await kvs.get('year')).toBe(1);
    });
  });

  describe('secrets', () => {
    it('keeps secrets apart from plain keys of the same name', async () => {
      await kvs.set('token', 'plain');
      await kvs.setSecret('token', 'secret');
      expect(await kvs.get('token')).toBe('plain');
      expect(await kvs.getSecret('token')).toBe('secret');
      await kvs.deleteSecret('token');
      expect(await kvs.getSecret('token')).toBeUndefined();
      expect(await kvs.get('token')).toBe('plain');
    });

    it('never lists secrets in queries', async () => {
      await kvs.setSecret('api-key', 's3cr3t');
      await kvs.set('api-key-hint', 'visible');
      const page = await kvs.query().where('key', WhereConditions.beginsWith('api-key')).getMany();
      expect(page.results).toEqual([{ key: 'api-key-hint', value: 'visible' }]);
    });

    it('applies key policies, TTLs and key rules to secrets too', async () => {
      await kvs.setSecret('s', 1, { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: 5, unit: 'SECONDS' } });
      expect(await failure(kvs.setSecret('s', 2, { keyPolicy: 'FAIL_IF_EXISTS' }))).toEqual({ code: 'KEY_ALREADY_EXISTS', status: 409 });
      expect(await failure(kvs.setSecret('bad/key', 1))).toEqual({ code: 'INVALID_KEY', status: 400 });
      clock += 5_000;
      expect(await kvs.getSecret('s')).toBeUndefined();
    });
  });

  describe('key queries', () => {
    it('lists the keys under a prefix in ascending key order with their values', async () => {
      for (const key of ['user:b', 'user:a', 'user:c', 'other:a', 'user', 'userx']) await kvs.set(key, key.toUpperCase());
      const page = await kvs.query().where('key', WhereConditions.beginsWith('user:')).getMany();
      expect(page).toEqual({
        results: [
          { key: 'user:a', value: 'USER:A' },
          { key: 'user:b', value: 'USER:B' },
          { key: 'user:c', value: 'USER:C' },
        ],
      });
    });

    it('pages through 250 keys with cursors, without duplicates or gaps', async () => {
      const keys = Array.from({ length: 250 }, (_, i) => `item:${String(i).padStart(4, '0')}`);
      await batchSetAll([...keys].reverse().map((key) => ({ key, value: key })));
      await kvs.set('itemz', 'outside the prefix');
      const { keys: listed, pages } = await listKeys('item:', 7);
      expect(listed).toEqual(keys);
      expect(pages).toBe(Math.ceil(250 / 7));
    });

    it('pages by 10 when no limit is given, and returns no cursor on the last page', async () => {
      await batchSetAll(Array.from({ length: 12 }, (_, i) => ({ key: `p:${String(i).padStart(2, '0')}`, value: i })));
      const first = await kvs.query().where('key', WhereConditions.beginsWith('p:')).getMany();
      expect(first.results).toHaveLength(10);
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = await kvs.query().where('key', WhereConditions.beginsWith('p:')).cursor(first.nextCursor!).getMany();
      expect(second.results.map((result) => result.value)).toEqual([10, 11]);
      expect(second.nextCursor).toBeUndefined();
    });

    it('lists every plain key, never entities, when there is no where clause', async () => {
      await kvs.set('b', 2);
      await kvs.set('a', 1);
      await employees().set('a', { name: 'Entity A' });
      const page = await kvs.query().limit(100).getMany();
      expect(page.results).toEqual([
        { key: 'a', value: 1 },
        { key: 'b', value: 2 },
      ]);
    });

    it('gives getOne the first key in order', async () => {
      await kvs.set('q:2', 'two');
      await kvs.set('q:1', 'one');
      expect(await kvs.query().where('key', WhereConditions.beginsWith('q:')).getOne()).toEqual({ key: 'q:1', value: 'one' });
      expect(await kvs.query().where('key', WhereConditions.beginsWith('none:')).getOne()).toBeUndefined();
    });

    it('adds the metadata asked for to query results', async () => {
      await kvs.set('m:1', 1, { ttl: { value: 1, unit: 'MINUTES' } });
      const page = await kvs
        .query({ metadataFields: [MetadataField.EXPIRE_TIME] })
        .where('key', WhereConditions.beginsWith('m:'))
        .getMany();
      expect(page.results).toEqual([{ key: 'm:1', value: 1, expireTime: new Date(START + 60_000).toISOString() }]);
    });

    it('accepts a limit of 100 and rejects 101 or 0 with LIST_QUERY_LIMIT_EXCEEDED', async () => {
      await expect(kvs.query().limit(100).getMany()).resolves.toEqual({ results: [] });
      expect(await failure(kvs.query().limit(101).getMany())).toEqual({ code: 'LIST_QUERY_LIMIT_EXCEEDED', status: 400 });
      expect(await failure(kvs.query().limit(0).getMany())).toEqual({ code: 'LIST_QUERY_LIMIT_EXCEEDED', status: 400 });
    });

    it('rejects where conditions other than beginsWith on the key', async () => {
      const between = WhereConditions.between('a', 'c') as unknown as ReturnType<typeof WhereConditions.beginsWith>;
      expect(await failure(kvs.query().where('key', between).getMany())).toEqual({ code: 'INVALID_FILTER_CONDITION', status: 400 });
      const onValue = { where: [{ property: 'value', condition: 'BEGINS_WITH', values: ['a'] }] };
      expect((await service.handle('/api/v1/query', onValue)).body).toMatchObject({ code: 'QUERY_WHERE_FIELD_INVALID' });
      const twoClauses = {
        where: [
          { property: 'key', condition: 'BEGINS_WITH', values: ['a'] },
          { property: 'key', condition: 'BEGINS_WITH', values: ['b'] },
        ],
      };
      expect((await service.handle('/api/v1/query', twoClauses)).body).toMatchObject({ code: 'QUERY_WHERE_INVALID' });
    });

    it('rejects a cursor that another query returned', async () => {
      await batchSetAll(Array.from({ length: 3 }, (_, i) => ({ key: `c:${i}`, value: i })));
      const page = await kvs.query().where('key', WhereConditions.beginsWith('c:')).limit(1).getMany();
      expect(await failure(kvs.query().where('key', WhereConditions.beginsWith('d:')).cursor(page.nextCursor!).getMany())).toEqual({
        code: 'INVALID_CURSOR',
        status: 400,
      });
      expect(await failure(kvs.query().cursor('not-a-cursor').getMany())).toEqual({ code: 'INVALID_CURSOR', status: 400 });
    });

    it('keeps paging correctly while keys are added and removed between pages', async () => {
      await batchSetAll(['r:1', 'r:3', 'r:5', 'r:7'].map((key) => ({ key, value: key })));
      const first = await kvs.query().where('key', WhereConditions.beginsWith('r:')).limit(2).getMany();
      expect(first.results.map((result) => result.key)).toEqual(['r:1', 'r:3']);
      await kvs.delete('r:5');
      await kvs.set('r:2', 'behind the cursor');
      await kvs.set('r:6', 'ahead of the cursor');
      const second = await kvs.query().where('key', WhereConditions.beginsWith('r:')).limit(2).cursor(first.nextCursor!).getMany();
      expect(second.results.map((result) => result.key)).toEqual(['r:6', 'r:7']);
    });
  });

  describe('batch operations', () => {
    it('sets plain keys and entities in one batch and reports each key', async () => {
      const result = await kvs.batchSet<unknown>([
        { key: 'plain', value: 'p' },
        { key: 'e1', value: { name: 'Ann', age: 30 }, entityName: 'employee' },
      ]);
      expect(result).toEqual({ successfulKeys: [{ key: 'plain' }, { key: 'e1', entityName: 'employee' }], failedKeys: [] });
      expect(await kvs.get('plain')).toBe('p');
      expect(await employees().get('e1')).toEqual({ name: 'Ann', age: 30 });
    });

    it('stores the valid items of a batch and reports the invalid ones', async () => {
      const result = await kvs.batchSet<unknown>([
        { key: 'good', value: 1 },
        { key: 'bad/key', value: 2 },
        { key: 'e1', value: { age: 'thirty' }, entityName: 'employee' },
        { key: 'e2', value: { age: 1 }, entityName: 'no-such-entity' },
        { key: 'ttl', value: 3, options: { ttl: { value: 1, unit: 'SECONDS' } } },
      ]);
      expect(result.successfulKeys).toEqual([{ key: 'good' }, { key: 'ttl' }]);
      expect(result.failedKeys).toEqual([
        { key: 'bad/key', error: { code: 'INVALID_KEY', message: expect.any(String) } },
        { key: 'e1', entityName: 'employee', error: { code: 'INVALID_ENTITY_VALUE', message: expect.any(String) } },
        { key: 'e2', entityName: 'no-such-entity', error: { code: 'INVALID_ENTITY_TYPE', message: expect.any(String) } },
      ]);
      expect(await kvs.get('good')).toBe(1);
      clock += 1_000;
      expect(await kvs.get('ttl')).toBeUndefined();
    });

    it('gets found keys with the metadata asked for and reports missing keys as KEY_NOT_FOUND', async () => {
      await kvs.set('a', 'A');
      await employees().set('a', { name: 'Entity A' });
      const result = await kvs.batchGet<unknown>([
        { key: 'a', options: { metadataFields: [MetadataField.CREATED_AT] } } as { key: string },
        { key: 'a', entityName: 'employee' },
        { key: 'missing' },
        { key: 'missing', entityName: 'employee' },
      ]);
      expect(result.successfulKeys).toEqual([
        { key: 'a', value: 'A', createdAt: START },
        { key: 'a', entityName: 'employee', value: { name: 'Entity A' } },
      ]);
      expect(result.failedKeys).toEqual([
        { key: 'missing', error: { code: 'KEY_NOT_FOUND', message: expect.any(String) } },
        { key: 'missing', entityName: 'employee', error: { code: 'KEY_NOT_FOUND', message: expect.any(String) } },
      ]);
    });

    it('deletes found keys and reports missing keys as KEY_NOT_FOUND', async () => {
      await kvs.set('a', 1);
      await employees().set('a', { age: 40 });
      const result = await kvs.batchDelete([{ key: 'a' }, { key: 'a', entityName: 'employee' }, { key: 'b' }]);
      expect(result.successfulKeys).toEqual([{ key: 'a' }, { key: 'a', entityName: 'employee' }]);
      expect(result.failedKeys).toEqual([{ key: 'b', error: { code: 'KEY_NOT_FOUND', message: expect.any(String) } }]);
      expect(await kvs.get('a')).toBeUndefined();
      expect((await employees().query().index('age').getMany()).results).toEqual([]);
    });

    it('rejects a batch of 26 items whole and accepts 25', async () => {
      const items = Array.from({ length: 26 }, (_, i) => ({ key: `b:${i}`, value: i }));
      expect(await failure(kvs.batchSet(items))).toEqual({ code: 'BATCH_SIZE_LIMIT_EXCEEDED', status: 400 });
      expect(await failure(kvs.batchGet(items.map(({ key }) => ({ key }))))).toEqual({ code: 'BATCH_SIZE_LIMIT_EXCEEDED', status: 400 });
      expect(await kvs.get('b:0')).toBeUndefined();
      expect((await kvs.batchSet(items.slice(0, 25))).successfulKeys).toHaveLength(25);
    });

    it('rejects an empty batch and a batch that names the same key twice', async () => {
      expect(await failure(kvs.batchSet([]))).toEqual({ code: 'BAD_REQUEST', status: 400 });
      const twice = [
        { key: 'dup', value: 1 },
        { key: 'dup', value: 2 },
      ];
      expect(await failure(kvs.batchSet(twice))).toEqual({ code: 'DUPLICATE_KEYS', status: 400 });
      expect(await kvs.get('dup')).toBeUndefined();
      const sameKeyDifferentSpaces = await kvs.batchSet<unknown>([
        { key: 'dup', value: 1 },
        { key: 'dup', value: { age: 2 }, entityName: 'employee' },
      ]);
      expect(sameKeyDifferentSpaces.failedKeys).toEqual([]);
    });
  });

  describe('custom entities', () => {
    it('stores, reads and deletes an entity apart from a plain key of the same name', async () => {
      await employees().set('e1', { name: 'Ann', age: 31, salary: 1234.5, active: true, team: 'eng', tags: { any: ['json'] } });
      await kvs.set('e1', 'plain');
      expect(await employees().get('e1')).toEqual({
        name: 'Ann',
        age: 31,
        salary: 1234.5,
        active: true,
        team: 'eng',
        tags: { any: ['json'] },
      });
      await employees().delete('e1');
      expect(await employees().get('e1')).toBeUndefined();
      expect(await kvs.get('e1')).toBe('plain');
    });

    it('supports key policies, return values and metadata on entities', async () => {
      await employees().set('e1', { age: 1 }, { keyPolicy: 'FAIL_IF_EXISTS' });
      expect(await failure(employees().set('e1', { age: 2 }, { keyPolicy: 'FAIL_IF_EXISTS' }))).toEqual({
        code: 'KEY_ALREADY_EXISTS',
        status: 409,
      });
      const previous = await employees().set('e1', { age: 3 }, { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' });
      expect(previous).toEqual({ key: 'e1', value: { age: 1 } });
      expect(await employees().get('e1', { metadataFields: [MetadataField.CREATED_AT] })).toEqual({
        key: 'e1',
        value: { age: 3 },
        createdAt: START,
      });
    });

    it('rejects an entity name the manifest does not declare', async () => {
      expect(await failure(kvs.entity('ghost').set('k', { a: 1 }))).toEqual({ code: 'INVALID_ENTITY_TYPE', status: 400 });
      expect(await failure(kvs.entity('ab').get('k'))).toEqual({ code: 'ENTITY_TYPE_TOO_SHORT', status: 400 });
      expect(await failure(kvs.entity('Employee').get('k'))).toEqual({ code: 'INVALID_ENTITY_TYPE', status: 400 });
    });

    it.each([
      ['a string for an integer', { age: 'thirty' }],
      ['a fraction for an integer', { age: 1.5 }],
      ['an integer beyond 32 bits', { age: 2 ** 31 }],
      ['a string for a float', { salary: '100' }],
      ['a float below Forge’s smallest magnitude', { salary: 1e-140 }],
      ['a string for a boolean', { active: 'yes' }],
      ['a number for a string', { name: 5 }],
      ['null for a string', { name: null }],
      // entities-manifest, "Values": a string "Must contain at least one non-whitespace character * Must not be empty".
      ['an empty string', { name: '' }],
      ['a string of spaces', { name: '   ' }],
      ['a string of tabs, new lines and no-break spaces', { name: '\t\n\u00a0\u3000' }],
      ['null for an any attribute', { tags: null }],
      ['an attribute the manifest does not declare', { nickname: 'Al' }],
      ['an array instead of an object', [1, 2]],
      ['a string instead of an object', 'Ann'],
    ])('rejects %s with INVALID_ENTITY_VALUE', async (_description, value) => {
      expect(await failure(employees().set('e1', value as Employee))).toEqual({ code: 'INVALID_ENTITY_VALUE', status: 400 });
      expect(await employees().get('e1')).toBeUndefined();
    });

    it('accepts boundary values of each declared type', async () => {
      const value = { age: -(2 ** 31), salary: 0, active: false, name: 'x', tags: [null, { deep: true }] };
      await employees().set('edge', value);
      expect(await employees().get('edge')).toEqual(value);
      await employees().set('edge2', { age: 2 ** 31 - 1, salary: -1e125 });
      expect(await employees().get('edge2')).toEqual({ age: 2 ** 31 - 1, salary: -1e125 });
    });

    it('applies the key rules to entity keys, answering an empty key with EMPTY_KEY', async () => {
      expect(await failure(employees().set('', { age: 1 }))).toEqual({ code: 'EMPTY_KEY', status: 400 });
      expect(await failure(employees().set('a/b', { age: 1 }))).toEqual({ code: 'INVALID_KEY', status: 400 });
    });
  });

  describe('entity queries', () => {
    const staff: Array<[string, Employee]> = [
      ['ann', { name: 'Ann', age: 34, team: 'eng', active: true, salary: 100 }],
      ['bob', { name: 'Bob', age: 28, team: 'eng', active: false, salary: 90.5 }],
      ['cat', { name: 'Cat', age: 41, team: 'eng', active: true, salary: 120 }],
      ['dan', { name: 'Dan', age: 34, team: 'eng', active: true, salary: 95 }],
      ['eve', { name: 'Eve', age: 25, team: 'ops', active: true, salary: 80 }],
      ['fay', { name: 'Fay', age: 52, team: 'ops', active: false, salary: 130 }],
      ['gus', { name: 'Gus', team: 'eng' }],
    ];

    beforeEach(async () => {
      await batchSetAll(staff.map(([key, value]) => ({ key, value, entityName: 'employee' })));
    });

    async function keysOf(query: { getMany(): Promise<{ results: Array<{ key: string }> }> }): Promise<string[]> {
      return (await query.getMany()).results.map((result) => result.key);
    }

    it('lists a partition in ascending order of the range attribute, ties by key', async () => {
      expect(
        await keysOf(
          employees()
            .query()
            .index('by-team', { partition: ['eng'] }),
        ),
      ).toEqual(['bob', 'ann', 'dan', 'cat']);
    });

    it('lists in descending order with Sort.DESC', async () => {
      expect(
        await keysOf(
          employees()
            .query()
            .index('by-team', { partition: ['eng'] })
            .sort(Sort.DESC),
        ),
      ).toEqual(['cat', 'dan', 'ann', 'bob']);
    });

    it('queries an index without a partition across all entities', async () => {
      expect(await keysOf(employees().query().index('age').limit(100))).toEqual(['eve', 'bob', 'ann', 'dan', 'cat', 'fay']);
      expect(await keysOf(employees().query().index('by-salary').where(WhereConditions.greaterThan(99.5)))).toEqual(['ann', 'cat', 'fay']);
    });

    it.each([
      ['equalTo 34', WhereConditions.equalTo(34), ['ann', 'dan']],
      ['greaterThan 34', WhereConditions.greaterThan(34), ['cat']],
      ['greaterThanEqualTo 34', WhereConditions.greaterThanEqualTo(34), ['ann', 'dan', 'cat']],
      ['lessThan 34', WhereConditions.lessThan(34), ['bob']],
      ['lessThanEqualTo 34', WhereConditions.lessThanEqualTo(34), ['bob', 'ann', 'dan']],
      ['between 28 and 34', WhereConditions.between(28, 34), ['bob', 'ann', 'dan']],
      ['between 35 and 30', WhereConditions.between(35, 30), []],
    ])('selects the range with %s', async (_description, condition, expected) => {
      expect(
        await keysOf(
          employees()
            .query()
            .index('by-team', { partition: ['eng'] })
            .where(condition),
        ),
      ).toEqual(expected);
    });

    it('selects string ranges with beginsWith and between', async () => {
      await employees().set('ana', { name: 'Ana', team: 'eng' });
      const index = () =>
        employees()
          .query()
          .index('by-team-name', { partition: ['eng'] });
      expect(await keysOf(index().where(WhereConditions.beginsWith('An')))).toEqual(['ana', 'ann']);
      expect(await keysOf(index().where(WhereConditions.between('B', 'Cz')))).toEqual(['bob', 'cat']);
    });

    it('applies and-filters and or-filters to the entities read', async () => {
      const and = new Filter<Employee>().and('active', FilterConditions.equalTo(true)).and('salary', FilterConditions.lessThan(110));
      expect(
        await keysOf(
          employees()
            .query()
            .index('by-team', { partition: ['eng'] })
            .filters(and),
        ),
      ).toEqual(['ann', 'dan']);
      const or = new Filter<Employee>().or('age', FilterConditions.lessThan(30)).or('name', FilterConditions.beginsWith('C'));
      expect(
        await keysOf(
          employees()
            .query()
            .index('by-team', { partition: ['eng'] })
            .filters(or),
        ),
      ).toEqual(['bob', 'cat']);
    });

    it.each([
      ['contains', new Filter<Employee>().and('name', FilterConditions.contains('a')), ['dan', 'cat']],
      ['notContains', new Filter<Employee>().and('name', FilterConditions.notContains('a')), ['bob', 'ann']],
      ['notEqualTo', new Filter<Employee>().and('salary', FilterConditions.notEqualTo(100)), ['bob', 'dan', 'cat']],
      ['exists', new Filter<Employee>().and('salary', FilterConditions.exists()), ['bob', 'ann', 'dan', 'cat']],
      ['between', new Filter<Employee>().and('salary', FilterConditions.between(95, 100)), ['ann', 'dan']],
      ['greaterThanEqualTo', new Filter<Employee>().and('salary', FilterConditions.greaterThanEqualTo(100)), ['ann', 'cat']],
      ['lessThanEqualTo', new Filter<Employee>().and('salary', FilterConditions.lessThanEqualTo(95)), ['bob', 'dan']],
      ['greaterThan on a string', new Filter<Employee>().and('name', FilterConditions.greaterThan('B')), ['bob', 'dan', 'cat']],
    ])('filters with %s', async (_description, filter, expected) => {
      expect(
        await keysOf(
          employees()
            .query()
            .index('by-team', { partition: ['eng'] })
            .filters(filter),
        ),
      ).toEqual(expected);
    });

    it('filters with notExists', async () => {
      const filter = new Filter<Employee>().and('active', FilterConditions.notExists());
      expect(
        await keysOf(
          employees()
            .query()
            .index('by-team-name', { partition: ['eng'] })
            .filters(filter),
        ),
      ).toEqual(['gus']);
    });

    it('leaves an entity out of an index while it lacks the indexed attribute, and adds it when it gains it', async () => {
      expect(
        await keysOf(
          employees()
            .query()
            .index('by-team', { partition: ['eng'] }),
        ),
      ).not.toContain('gus');
      await employees().set('gus', { name: 'Gus', team: 'eng', age: 30 });
      expect(
        await keysOf(
          employees()
            .query()
            .index('by-team', { partition: ['eng'] }),
        ),
      ).toEqual(['bob', 'gus', 'ann', 'dan', 'cat']);
    });

    it('moves an entity between partitions and positions when its indexed attributes change', async () => {
      await employees().set('bob', { name: 'Bob', age: 60, team: 'ops' });
      expect(
        await keysOf(
          employees()
            .query()
            .index('by-team', { partition: ['eng'] }),
        ),
      ).toEqual(['ann', 'dan', 'cat']);
      expect(
        await keysOf(
          employees()
            .query()
            .index('by-team', { partition: ['ops'] }),
        ),
      ).toEqual(['eve', 'fay', 'bob']);
      await employees().delete('fay');
      expect(
        await keysOf(
          employees()
            .query()
            .index('by-team', { partition: ['ops'] }),
        ),
      ).toEqual(['eve', 'bob']);
    });

    it('hides entities whose TTL has passed', async () => {
      await employees().set('tmp', { name: 'Temp', age: 20, team: 'eng' }, { ttl: { value: 1, unit: 'MINUTES' } });
      expect(
        await keysOf(
          employees()
            .query()
            .index('by-team', { partition: ['eng'] }),
        ),
      ).toContain('tmp');
      clock += 60_000;
      expect(
        await keysOf(
          employees()
            .query()
            .index('by-team', { partition: ['eng'] }),
        ),
      ).not.toContain('tmp');
      expect(await employees().get('tmp')).toBeUndefined();
    });

    it('returns the metadata asked for on query results', async () => {
      const page = await employees()
        .query({ metadataFields: [MetadataField.UPDATED_AT] })
        .index('by-team', { partition: ['ops'] })
        .limit(1)
        .getMany();
      expect(page.results).toEqual([{ key: 'eve', value: staff[4]![1], updatedAt: START }]);
    });

    it('counts the limit in entities read before filters, so a filtered page can be short while a cursor remains', async () => {
      const inactive = new Filter<Employee>().and('active', FilterConditions.equalTo(false));
      const first = await employees()
        .query()
        .index('by-team', { partition: ['eng'] })
        .filters(inactive)
        .limit(2)
        .getMany();
      expect(first.results.map((result) => result.key)).toEqual(['bob']);
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = await employees()
        .query()
        .index('by-team', { partition: ['eng'] })
        .filters(inactive)
        .limit(2)
        .cursor(first.nextCursor!)
        .getMany();
      expect(second).toEqual({ results: [] });
    });

    it.each([
      [Sort.ASC, 1],
      [Sort.DESC, -1],
    ])('pages %s through 120 entities with tied range values, without duplicates or gaps', async (sort, direction) => {
      const items = Array.from({ length: 120 }, (_, i) => ({
        key: `m${String(i).padStart(3, '0')}`,
        value: { age: i % 7, team: 'big', name: `N${i}` },
        entityName: 'employee',
      }));
      await batchSetAll(items);
      const expected = [...items]
        .sort((a, b) => (a.value.age - b.value.age || (a.key < b.key ? -1 : 1)) * direction)
        .map((item) => item.key);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        let query = employees()
          .query()
          .index('by-team', { partition: ['big'] })
          .sort(sort)
          .limit(9);
        if (cursor !== undefined) query = query.cursor(cursor);
        const page = await query.getMany();
        seen.push(...page.results.map((result) => result.key));
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      expect(seen).toEqual(expected);
    });

    it('orders long string range values exactly, past the part kept in index keys', async () => {
      const common = 'x'.repeat(400);
      const names = ['c', 'a', 'b', 'ab', '', 'b\u00e9', 'ba'].map((tail) => common + tail);
      await batchSetAll(names.map((name, i) => ({ key: `long${i}`, value: { name, team: 'long' }, entityName: 'employee' })));
      await employees().set('short', { name: 'xx', team: 'long' });
      await employees().set('after', { name: 'y', team: 'long' });
      const expectedAsc = [...names].sort().map((name) => `long${names.indexOf(name)}`);
      const query = (sort: Sort, limit: number, cursor?: string) => {
        const built = employees()
          .query()
          .index('by-team-name', { partition: ['long'] })
          .sort(sort)
          .limit(limit);
        return cursor === undefined ? built : built.cursor(cursor);
      };
      expect(await keysOf(query(Sort.ASC, 100))).toEqual(['short', ...expectedAsc, 'after']);
      expect(await keysOf(query(Sort.DESC, 100))).toEqual(['after', ...[...expectedAsc].reverse(), 'short']);
      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await query(Sort.ASC, 2, cursor).getMany();
        paged.push(...page.results.map((result) => result.key));
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      expect(paged).toEqual(['short', ...expectedAsc, 'after']);
      const between = employees()
        .query()
        .index('by-team-name', { partition: ['long'] })
        .where(WhereConditions.between(common + 'ab', common + 'b\u00e9'));
      expect(await keysOf(between)).toEqual(
        [common + 'ab', common + 'b', common + 'ba', common + 'b\u00e9'].map((name) => `long${names.indexOf(name)}`),
      );
      const prefix = employees()
        .query()
        .index('by-team-name', { partition: ['long'] })
        .where(WhereConditions.beginsWith(common + 'b'));
      expect(await keysOf(prefix)).toEqual([common + 'b', common + 'ba', common + 'b\u00e9'].map((name) => `long${names.indexOf(name)}`));
    });

    it('rejects an undeclared index, a missing partition and a partition of the wrong type', async () => {
      expect(await failure(employees().query().index('by-nothing').getMany())).toEqual({ code: 'INVALID_ENTITY_INDEX', status: 400 });
      expect(await failure(employees().query().index('by-team').getMany())).toEqual({ code: 'INVALID_PARTITION', status: 400 });
      expect(
        await failure(
          employees()
            .query()
            .index('by-team', { partition: [5] })
            .getMany(),
        ),
      ).toEqual({ code: 'INVALID_PARTITION', status: 400 });
      expect(
        await failure(
          employees()
            .query()
            .index('age', { partition: ['eng'] })
            .getMany(),
        ),
      ).toEqual({ code: 'INVALID_PARTITION', status: 400 });
    });

    it('rejects a range value of the wrong type and beginsWith on a number', async () => {
      const index = () =>
        employees()
          .query()
          .index('by-team', { partition: ['eng'] });
      expect(await failure(index().where(WhereConditions.equalTo('34')).getMany())).toEqual({ code: 'INVALID_FILTER_VALUES', status: 400 });
      // entities-api-query: beginsWith applies to string attributes only.
      expect(await failure(index().where(WhereConditions.beginsWith('3')).getMany())).toEqual({
        code: 'INVALID_FILTER_CONDITION',
        status: 400,
      });
    });

    it('accepts page limits from 1 to 100 and rejects 0 and 101', async () => {
      const index = () => employees().query().index('age');
      expect((await index().limit(1).getMany()).results).toHaveLength(1);
      expect((await index().limit(100).getMany()).results).toHaveLength(6);
      expect(await failure(index().limit(0).getMany())).toEqual({ code: 'COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE', status: 400 });
      expect(await failure(index().limit(101).getMany())).toEqual({ code: 'COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE', status: 400 });
    });

    it('rejects malformed filters the way Forge documents', async () => {
      const base = { entityName: 'employee', indexName: 'by-team', partition: ['eng'] };
      const ask = async (extra: object): Promise<unknown> => (await service.handle('/api/v1/entity/query', { ...base, ...extra })).body;
      const ageOver = { property: 'age', condition: 'GREATER_THAN', values: [1] };
      expect(await ask({ filters: { and: [ageOver], or: [ageOver] } })).toMatchObject({ code: 'INVALID_FILTER_OPERATORS_COMBINATION' });
      expect(await ask({ filters: { and: [] } })).toMatchObject({ code: 'EMPTY_FILTER_OPERATOR' });
      expect(await ask({ filters: { and: [{ property: 'age', condition: 'BETWEEN', values: [1] }] } })).toMatchObject({
        code: 'INSUFFICIENT_FILTER_VALUES',
      });
      expect(await ask({ filters: { and: [{ property: 'age', condition: 'LIKE', values: [1] }] } })).toMatchObject({
        code: 'INVALID_FILTER_CONDITION',
      });
      expect(await ask({ filters: { and: [{ property: 'nickname', condition: 'EXISTS', values: [true] }] } })).toMatchObject({
        code: 'INVALID_FILTER_PROPERTY',
      });
      expect(await ask({ range: { condition: 'CONTAINS', values: ['a'] } })).toMatchObject({ code: 'INVALID_FILTER_CONDITION' });
      expect(await ask({ sort: 'SIDEWAYS' })).toMatchObject({ code: 'BAD_REQUEST' });
    });

    it('rejects a cursor from a different partition or sort order', async () => {
      const page = await employees()
        .query()
        .index('by-team', { partition: ['eng'] })
        .limit(1)
        .getMany();
      const otherPartition = employees()
        .query()
        .index('by-team', { partition: ['ops'] })
        .cursor(page.nextCursor!);
      expect(await failure(otherPartition.getMany())).toEqual({ code: 'INVALID_CURSOR', status: 400 });
      const otherSort = employees()
        .query()
        .index('by-team', { partition: ['eng'] })
        .sort(Sort.DESC)
        .cursor(page.nextCursor!);
      expect(await failure(otherSort.getMany())).toEqual({ code: 'INVALID_CURSOR', status: 400 });
    });
  });

  describe('transactions', () => {
    it('commits sets and deletes of keys and entities together', async () => {
      await kvs.set('old', 'x');
      await employees().set('e-old', { age: 50, team: 'eng' });
      await kvs
        .transact()
        .set('new', { fresh: true })
        .set('e-new', { name: 'New', age: 20, team: 'eng' }, { entityName: 'employee' })
        .delete('old')
        .delete('e-old', { entityName: 'employee' })
        .execute();
      expect(await kvs.get('new')).toEqual({ fresh: true });
      expect(await kvs.get('old')).toBeUndefined();
      expect(await employees().get('e-old')).toBeUndefined();
      const page = await employees()
        .query()
        .index('by-team', { partition: ['eng'] })
        .getMany();
      expect(page.results).toEqual([{ key: 'e-new', value: { name: 'New', age: 20, team: 'eng' } }]);
    });

    it('writes nothing when a check fails', async () => {
      await employees().set('account', { name: 'acc', age: 1 });
      const outcome = failure(
        kvs
          .transact()
          .set('side-effect', 1)
          .set('other', { age: 2 }, { entityName: 'employee' })
          .check('account', { entityName: 'employee', conditions: new Filter<Employee>().and('age', FilterConditions.equalTo(2)) })
          .execute(),
      );
      expect(await outcome).toEqual({ code: 'CONDITIONAL_CHECK_FAILED', status: 409 });
      expect(await kvs.get('side-effect')).toBeUndefined();
      expect(await employees().get('other')).toBeUndefined();
    });

    it('applies a write whose condition holds and refuses one whose condition fails', async () => {
      await employees().set('doc', { name: 'v1', age: 1 });
      const expectVersion = (age: number) => ({
        entityName: 'employee',
        conditions: new Filter<Employee>().and('age', FilterConditions.equalTo(age)),
      });
      await kvs.transact().set<Employee>('doc', { name: 'v2', age: 2 }, expectVersion(1)).execute();
      expect(await failure(kvs.transact().set<Employee>('doc', { name: 'stale', age: 2 }, expectVersion(1)).execute())).toEqual({
        code: 'CONDITIONAL_CHECK_FAILED',
        status: 409,
      });
      expect(await failure(kvs.transact().delete<Employee>('doc', expectVersion(1)).execute())).toEqual({
        code: 'CONDITIONAL_CHECK_FAILED',
        status: 409,
      });
      expect(await employees().get('doc')).toEqual({ name: 'v2', age: 2 });
    });

    it('guards a create with a notExists condition', async () => {
      const absent = { entityName: 'employee', conditions: new Filter<Employee>().and('name', FilterConditions.notExists()) };
      await kvs.transact().set<Employee>('unique', { name: 'first' }, absent).execute();
      expect(await failure(kvs.transact().set<Employee>('unique', { name: 'second' }, absent).execute())).toEqual({
        code: 'CONDITIONAL_CHECK_FAILED',
        status: 409,
      });
      expect(await employees().get('unique')).toEqual({ name: 'first' });
    });

    it.each([
      ['an invalid key', () => kvs.transact().set('fine', 1).set('bad/key', 2), 'INVALID_KEY'],
      [
        'an oversized value',
        () =>
          kvs
            .transact()
            .set('fine', 1)
            .set('huge', 'x'.repeat(240 * 1024)),
        'MAX_SIZE',
      ],
      [
        'an entity value of the wrong type',
        () => kvs.transact().set('fine', 1).set('e', { age: 'old' }, { entityName: 'employee' }),
        'INVALID_ENTITY_VALUE',
      ],
      ['an undeclared entity', () => kvs.transact().set('fine', 1).delete('e', { entityName: 'ghost' }), 'INVALID_ENTITY_TYPE'],
      [
        'a condition on a plain key',
        () =>
          kvs
            .transact()
            .set('fine', 1)
            .set('plain', 2, {
              entityName: undefined as unknown as string,
              conditions: new Filter().and('x' as never, FilterConditions.exists()),
            }),
        'BAD_REQUEST',
      ],
    ])('writes nothing when one operation has %s', async (_description, build, code) => {
      expect(await failure(build().execute())).toEqual({ code, status: 400 });
      expect(await kvs.get('fine')).toBeUndefined();
    });

    it('rejects a transaction of 26 operations and writes nothing, and accepts 25', async () => {
      const build = (count: number) => {
        const transaction = kvs.transact();
        for (let i = 0; i < count; i++) transaction.set(`t:${i}`, i);
        return transaction;
      };
      expect(await failure(build(26).execute())).toEqual({ code: 'TRANSACTION_OPERATIONS_LIMIT_EXCEEDED', status: 400 });
      expect(await kvs.get('t:0')).toBeUndefined();
      await build(25).execute();
      expect((await listKeys('t:', 100)).keys).toHaveLength(25);
    });

    it('rejects a transaction that uses a key twice and an empty transaction', async () => {
      expect(await failure(kvs.transact().set('k', 1).delete('k').execute())).toEqual({ code: 'DUPLICATE_KEYS', status: 400 });
      expect(await kvs.get('k')).toBeUndefined();
      // kvs-transactions: "Each key can only be used once in a transaction" — whatever entity it is in.
      expect(await failure(kvs.transact().set('k', 1).set('k', { age: 1 }, { entityName: 'employee' }).execute())).toEqual({
        code: 'DUPLICATE_KEYS',
        status: 400,
      });
      expect(await failure(kvs.transact().execute())).toEqual({ code: 'BAD_REQUEST', status: 400 });
    });

    it('sets TTLs from transaction sets', async () => {
      await kvs
        .transact()
        .set('brief', 1, undefined, { ttl: { value: 3, unit: 'SECONDS' } })
        .execute();
      clock += 3_000;
      expect(await kvs.get('brief')).toBeUndefined();
    });
  });

  describe('concurrency', () => {
    it('lands every one of 50 concurrent writes to different keys', async () => {
      await Promise.all(Array.from({ length: 50 }, (_, i) => kvs.set(`w:${String(i).padStart(2, '0')}`, i)));
      expect((await listKeys('w:', 100)).keys).toHaveLength(50);
    });

    it('lets exactly one of 20 concurrent FAIL_IF_EXISTS writers win', async () => {
      const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => kvs.set('lock', i, { keyPolicy: 'FAIL_IF_EXISTS' })));
      const winners = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      expect(winners).toHaveLength(1);
      const winner = outcomes.indexOf(winners[0]!);
      expect(await kvs.get('lock')).toBe(winner);
    });

    it('lets exactly one of 10 concurrent conditional updates from the same version win', async () => {
      await employees().set('counter', { age: 0 });
      const update = (writer: number) =>
        kvs
          .transact()
          .set<Employee>(
            'counter',
            { age: 1, name: `writer ${writer}` },
            { entityName: 'employee', conditions: new Filter<Employee>().and('age', FilterConditions.equalTo(0)) },
          )
          .execute();
      const outcomes = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => update(i)));
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      expect((await employees().get('counter'))?.age).toBe(1);
    });
  });

  describe('the backend contract', () => {
    let backend: KvsBackend;
    let backendDir: string;

    beforeEach(() => {
      backendDir = tempDir();
      backend = backendUnderTest.open(backendDir);
    });

    afterEach(async () => {
      await backend.close();
      rmSync(backendDir, { recursive: true, force: true });
    });

    it('walks key ranges forwards and backwards in UTF-8 byte order', async () => {
      const keys = ['a', 'a\u0000b', 'a b', 'a\u3000', 'ab', 'b', 'Z'];
      await backend.write((writer) => keys.forEach((key) => writer.put(key, key.toUpperCase())));
      const walk = (reverse: boolean): string[] =>
        backend.read((reader) => [...reader.range({ gte: 'a', lt: 'b', reverse })].map((entry) => entry.key));
      expect(walk(false)).toEqual(['a', 'a\u0000b', 'a b', 'ab', 'a\u3000']);
      expect(walk(true)).toEqual(['a\u3000', 'ab', 'a b', 'a\u0000b', 'a']);
      expect(backend.read((reader) => reader.get('a\u3000'))).toBe('A\u3000');
    });

    it('writes nothing from a write that throws', async () => {
      await backend.write((writer) => writer.put('kept', '1'));
      await expect(
        backend.write((writer) => {
          writer.put('added', '2');
          writer.remove('kept');
          writer.put('kept', 'changed');
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(backend.read((reader) => [...reader.range({ gte: '', lt: '\uffff' })])).toEqual([{ key: 'kept', value: '1' }]);
    });

    it('keeps the other writes of a batch when one of them throws', async () => {
      const outcomes = await Promise.allSettled([
        backend.write((writer) => writer.put('first', '1')),
        backend.write((writer) => {
          writer.put('second', '2');
          throw new Error('abort');
        }),
        backend.write((writer) => writer.put('third', writer.get('first') ?? 'missing')),
      ]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(backend.read((reader) => [...reader.range({ gte: '', lt: '\uffff' })])).toEqual([
        { key: 'first', value: '1' },
        { key: 'third', value: '1' },
      ]);
    });

    it('sees its own writes inside a write', async () => {
      const seen = await backend.write((writer) => {
        writer.put('x', '1');
        writer.put('y', '2');
        writer.remove('x');
        return { x: writer.get('x'), all: [...writer.range({ gte: '', lt: '\uffff' })].map((entry) => entry.key) };
      });
      expect(seen).toEqual({ x: undefined, all: ['y'] });
    });
  });

  describe('start-up and the wire protocol', () => {
    it('refuses entity declarations that cannot work, at start-up', () => {
      const backend = createMemoryBackend();
      const declare = (entities: EntityDeclaration[]) => () => createKvsService({ backend, entities });
      expect(declare([{ name: 'thing', attributes: { a: { type: 'string' } }, indexes: [{ name: 'by-b', range: ['b'] }] }])).toThrow(
        /undeclared attribute 'b'/,
      );
      expect(declare([{ name: 'thing', attributes: { a: { type: 'text' as 'string' } } }])).toThrow(/unknown type/);
      expect(declare([{ name: 'X', attributes: {} }])).toThrow(/invalid/);
      expect(
        declare([
          { name: 'thing', attributes: {} },
          { name: 'thing', attributes: {} },
        ]),
      ).toThrow(/twice/);
    });

    it('answers an unknown endpoint with 404 and a body that is not an object with 400', async () => {
      expect(await service.handle('/api/v1/nothing', {})).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
      expect(await service.handle('/api/v1/get', 'key')).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
      expect(await service.handle('/api/v1/batch/set', { key: 'k' })).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
    });
  });

  describe('agreement with simple models', () => {
    type Command =
      | { op: 'set'; secret: boolean; key: string; value: unknown; ttlSeconds: number | undefined; failIfExists: boolean }
      | { op: 'delete'; secret: boolean; key: string }
      | { op: 'get'; secret: boolean; key: string }
      | { op: 'tick'; seconds: number };

    const key = fc.constantFrom('a', 'b', 'a:b', 'a b', 'x#1', 'Z');
    const value = fc.jsonValue({ maxDepth: 3 }).filter((v) => v !== null);
    const command: fc.Arbitrary<Command> = fc.oneof(
      fc.record({
        op: fc.constant('set' as const),
        secret: fc.boolean(),
        key,
        value,
        ttlSeconds: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
        failIfExists: fc.boolean(),
      }),
      fc.record({ op: fc.constant('delete' as const), secret: fc.boolean(), key }),
      fc.record({ op: fc.constant('get' as const), secret: fc.boolean(), key }),
      fc.record({ op: fc.constant('tick' as const), seconds: fc.integer({ min: 1, max: 4 }) }),
    );

    it('agrees with a Map model on random sequences of set, delete, get and time passing', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(command, { maxLength: 30 }), async (commands) => {
          const runDir = tempDir();
          let now = START;
          const runService = createKvsService({ backend: backendUnderTest.open(runDir), entities: ENTITIES, now: () => now });
          routeKvsTo(runService);
          const models = {
            plain: new Map<string, { value: unknown; expiresAt?: number }>(),
            secret: new Map<string, { value: unknown; expiresAt?: number }>(),
          };
          const live = (model: Map<string, { value: unknown; expiresAt?: number }>, k: string) => {
            const entry = model.get(k);
            return entry !== undefined && (entry.expiresAt === undefined || now < entry.expiresAt) ? entry : undefined;
          };
          try {
            for (const step of commands) {
              if (step.op === 'tick') {
                now += step.seconds * 1000;
                continue;
              }
              const model = step.secret ? models.secret : models.plain;
              if (step.op === 'set') {
                const options = {
                  keyPolicy: step.failIfExists ? ('FAIL_IF_EXISTS' as const) : ('OVERRIDE' as const),
                  ...(step.ttlSeconds ? { ttl: { value: step.ttlSeconds, unit: 'SECONDS' as const } } : {}),
                };
                const write = step.secret ? kvs.setSecret(step.key, step.value, options) : kvs.set(step.key, step.value, options);
                if (step.failIfExists && live(model, step.key)) {
                  expect(await failure(write)).toEqual({ code: 'KEY_ALREADY_EXISTS', status: 409 });
                } else {
                  await write;
                  const stored = JSON.parse(JSON.stringify(step.value)) as unknown;
                  model.set(step.key, step.ttlSeconds ? { value: stored, expiresAt: now + step.ttlSeconds * 1000 } : { value: stored });
                }
              } else if (step.op === 'delete') {
                await (step.secret ? kvs.deleteSecret(step.key) : kvs.delete(step.key));
                model.delete(step.key);
              } else {
                const read = await (step.secret ? kvs.getSecret(step.key) : kvs.get(step.key));
                expect(read).toEqual(live(model, step.key)?.value);
              }
            }
            const expectedKeys = [...models.plain.keys()].filter((k) => live(models.plain, k)).sort();
            expect((await listKeys('', 2)).keys).toEqual(expectedKeys);
          } finally {
            routeKvsTo(service);
            await runService.close();
            rmSync(runDir, { recursive: true, force: true });
          }
        }),
        { numRuns: 40 },
      );
    });

    type RangeCase = {
      index: 'by-team-name' | 'by-salary';
      condition: { condition: string; values: Array<string | number> };
      sort: Sort;
      pageSize: number;
    };
    const longPrefix = 'p'.repeat(300);
    const name = fc.oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }).filter((text) => /\S/u.test(text)),
      fc.string({ maxLength: 3 }).map((tail) => longPrefix + tail),
    );
    const salary = fc.oneof(
      fc.constant(0),
      fc.integer({ min: -50, max: 50 }),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }).filter((v) => v === 0 || Math.abs(v) >= 1e-130),
    );
    const people = fc.array(fc.record({ name, salary }), { maxLength: 30 });

    function rangeCase(names: string[], salaries: number[]): fc.Arbitrary<RangeCase> {
      const nameValue = names.length > 0 ? fc.oneof(fc.constantFrom(...names), name) : name;
      const salaryValue = salaries.length > 0 ? fc.oneof(fc.constantFrom(...salaries), salary) : salary;
      const conditions = (value: fc.Arbitrary<string | number>, strings: boolean) =>
        fc.oneof(
          ...['EQUAL_TO', 'GREATER_THAN', 'GREATER_THAN_EQUAL_TO', 'LESS_THAN', 'LESS_THAN_EQUAL_TO'].map((condition) =>
            value.map((v) => ({ condition, values: [v] })),
          ),
          fc.tuple(value, value).map((values) => ({ condition: 'BETWEEN', values })),
          ...(strings
            ? [value.map((v) => ({ condition: 'BEGINS_WITH', values: [String(v).slice(0, 2 + (String(v).length % 300))] }))]
            : []),
        );
      return fc
        .record({
          index: fc.constantFrom('by-team-name' as const, 'by-salary' as const),
          nameCondition: conditions(nameValue, true),
          salaryCondition: conditions(salaryValue, false),
          sort: fc.constantFrom(Sort.ASC, Sort.DESC),
          pageSize: fc.integer({ min: 1, max: 7 }),
        })
        .map(({ index, nameCondition, salaryCondition, sort, pageSize }) => ({
          index,
          condition: index === 'by-team-name' ? nameCondition : salaryCondition,
          sort,
          pageSize,
        }));
    }

    function holds(condition: RangeCase['condition'], actual: string | number): boolean {
      const a = condition.values[0]!;
      const b = condition.values[1]!;
      switch (condition.condition) {
        case 'EQUAL_TO':
          return actual === a;
        case 'GREATER_THAN':
          return actual > a;
        case 'GREATER_THAN_EQUAL_TO':
          return actual >= a;
        case 'LESS_THAN':
          return actual < a;
        case 'LESS_THAN_EQUAL_TO':
          return actual <= a;
        case 'BETWEEN':
          return actual >= a && actual <= b;
        default:
          return String(actual).startsWith(String(a));
      }
    }

    it('answers paged range queries on string and number indexes like filtering and sorting a list', async () => {
      const scenario = people.chain((list) =>
        fc.tuple(
          fc.constant(list),
          rangeCase(
            list.map((p) => p.name),
            list.map((p) => p.salary),
          ),
        ),
      );
      await fc.assert(
        fc.asyncProperty(scenario, async ([list, query]) => {
          const runDir = tempDir();
          const runService = createKvsService({ backend: backendUnderTest.open(runDir), entities: ENTITIES, now: () => START });
          routeKvsTo(runService);
          try {
            const items = list.map((person, i) => ({
              key: `k${String(i).padStart(2, '0')}`,
              value: { ...person, team: 't' },
              entityName: 'employee',
            }));
            await batchSetAll(items);
            const attribute = query.index === 'by-team-name' ? 'name' : 'salary';
            const direction = query.sort === Sort.ASC ? 1 : -1;
            const order = (x: string | number, y: string | number): number => (x < y ? -1 : x > y ? 1 : 0);
            const expected = items
              .filter((item) => holds(query.condition, item.value[attribute]))
              .sort((x, y) => (order(x.value[attribute], y.value[attribute]) || order(x.key, y.key)) * direction)
              .map((item) => item.key);
            const seen: string[] = [];
            let cursor: string | undefined;
            do {
              const answer = await runService.handle('/api/v1/entity/query', {
                entityName: 'employee',
                indexName: query.index,
                ...(query.index === 'by-team-name' ? { partition: ['t'] } : {}),
                range: query.condition,
                sort: query.sort,
                limit: query.pageSize,
                ...(cursor === undefined ? {} : { cursor }),
              });
              const body = answer.body as { data: Array<{ key: string }>; cursor?: string };
              expect(answer.status).toBe(200);
              seen.push(...body.data.map((entry) => entry.key));
              cursor = body.cursor;
            } while (cursor !== undefined);
            expect(seen).toEqual(expected);
          } finally {
            routeKvsTo(service);
            await runService.close();
            rmSync(runDir, { recursive: true, force: true });
          }
        }),
        { numRuns: 60 },
      );
    });
  });
});

describe('the LMDB backend', () => {
  let dir: string;

  beforeEach(() => {
    dir = tempDir();
  });

  afterEach(() => {
    routeKvsTo(undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens a data directory whose name has a dot (FORGE_LOCAL_DIR=/tmp/tmp.x), keeping its files inside', async () => {
    const dotted = path.join(dir, 'quorum.data');
    mkdirSync(dotted);
    const service = createKvsService({ backend: openLmdbBackend(dotted), entities: ENTITIES, now: () => START });
    routeKvsTo(service);
    await kvs.set('plain', 1);
    expect(await kvs.get('plain')).toBe(1);
    await service.close();
    expect(readdirSync(dotted).sort()).toEqual(['data.mdb', 'lock.mdb']);
  });

  it('keeps keys, secrets, entities, indexes and TTLs across close and reopen of the same directory', async () => {
    let now = START;
    const first = createKvsService({ backend: openLmdbBackend(dir), entities: ENTITIES, now: () => now });
    routeKvsTo(first);
    await kvs.set('plain', { n: 1 });
    await kvs.setSecret('secret', 's');
    await kvs.set('expiring', 'e', { ttl: { value: 1, unit: 'HOURS' } });
    await employees().set('ann', { name: 'Ann', age: 30, team: 'eng' });
    await kvs.transact().set('bob', { name: 'Bob', age: 20, team: 'eng' }, { entityName: 'employee' }).delete('plain').execute();
    await first.close();

    const second = createKvsService({ backend: openLmdbBackend(dir), entities: ENTITIES, now: () => now });
    routeKvsTo(second);
    try {
      expect(await kvs.get('plain')).toBeUndefined();
      expect(await kvs.getSecret('secret')).toBe('s');
      expect(await kvs.get('expiring', { metadataFields: [MetadataField.EXPIRE_TIME] })).toEqual({
        key: 'expiring',
        value: 'e',
        expireTime: new Date(START + 3_600_000).toISOString(),
      });
      const page = await employees()
        .query()
        .index('by-team', { partition: ['eng'] })
        .getMany();
      expect(page.results.map((result) => result.key)).toEqual(['bob', 'ann']);
      now += 3_600_000;
      expect(await kvs.get('expiring')).toBeUndefined();
    } finally {
      await second.close();
    }
  });

  it('keeps every acknowledged write when the writing process is killed', async () => {
    const script = path.join(dir, 'writer.ts');
    const kvsModule = path.resolve(__dirname, '../../local/kvs/index.ts');
    writeFileSync(
      script,
      [
        `import { createKvsService, openLmdbBackend } from ${JSON.stringify(kvsModule)};`,
        `const service = createKvsService({ backend: openLmdbBackend(${JSON.stringify(path.join(dir, 'data'))}), entities: [] });`,
        'void (async () => {',
        '  for (let i = 0; i < 40; i++) {',
        "    const answer = await service.handle('/api/v1/set', { key: 'k' + i, value: i });",
        "    process.stdout.write('ack ' + i + ' ' + answer.status + '\\n');",
        '  }',
        '  setInterval(() => undefined, 1000);',
        '})();',
      ].join('\n'),
    );
    const acknowledged = await new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script], {
        cwd: path.resolve(__dirname, '../..'),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      let errors = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        // Killed as soon as 40 writes are acknowledged: no close, no chance to flush anything late.
        if (output.includes('ack 39 204')) child.kill('SIGKILL');
      });
      child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
      child.on('exit', (_code, signal) =>
        signal === 'SIGKILL'
          ? resolve(output.split('\n').filter((line) => line.endsWith(' 204')).length)
          : reject(new Error(`writer exited without being killed: ${errors}`)),
      );
    });
    expect(acknowledged).toBe(40);

    const reopened = createKvsService({ backend: openLmdbBackend(path.join(dir, 'data')), entities: [] });
    routeKvsTo(reopened);
    try {
      const values = await kvs.batchGet<number>(Array.from({ length: 25 }, (_, i) => ({ key: `k${i}` })));
      expect(values.successfulKeys.map((item) => item.value)).toEqual(Array.from({ length: 25 }, (_, i) => i));
      expect(await kvs.get('k39')).toBe(39);
    } finally {
      await reopened.close();
    }
  });
});
