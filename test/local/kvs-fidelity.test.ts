// The harness must be imported before @forge/kvs, which picks its transport when first loaded.
import { routeKvsTo } from '../support/kvs-harness';
import { Filter, FilterConditions, kvs, MetadataField, WhereConditions } from '@forge/kvs';
import { createKvsService, createMemoryBackend, type EntityDeclaration, type KvsFidelity, type KvsService } from '../../local/kvs';

/**
 * Rules of Forge's storage documentation that the local KVS enforces, one test per rule, each
 * naming the page (a folder of the Forge documentation, developer.atlassian.com/platform/forge/…).
 */
type Thing = { name?: string; count?: number; flag?: boolean; data?: unknown; team?: string };

const ENTITIES: EntityDeclaration[] = [
  {
    name: 'thing',
    attributes: {
      name: { type: 'string' },
      count: { type: 'integer' },
      flag: { type: 'boolean' },
      data: { type: 'any' },
      team: { type: 'string' },
    },
    indexes: [
      { name: 'by-name', range: ['name'] },
      { name: 'by-team', partition: ['team'], range: ['count'] },
      { name: 'by-flag', range: ['flag'] },
    ],
  },
];
const START = Date.UTC(2026, 5, 1, 9, 0, 0);
const HOUR = 3_600_000;

let clock = START;
let service: KvsService;

function open(fidelity: KvsFidelity = {}): void {
  service = createKvsService({ backend: createMemoryBackend(), entities: ENTITIES, now: () => clock, fidelity });
  routeKvsTo(service);
}

beforeEach(() => {
  clock = START;
  open();
});
afterEach(async () => {
  routeKvsTo(undefined);
  await service.close();
});

const things = () => kvs.entity<Thing>('thing');

async function failure(promise: Promise<unknown>): Promise<{ code: string | undefined; status: number | undefined }> {
  try {
    await promise;
  } catch (error) {
    const apiError = error as { code?: string; responseDetails?: { status?: number } };
    return { code: apiError.code, status: apiError.responseDetails?.status };
  }
  throw new Error('Expected the KVS call to fail, but it succeeded.');
}

const declare = (entities: EntityDeclaration[]) => () => createKvsService({ backend: createMemoryBackend(), entities });
const attributes = (count: number): EntityDeclaration['attributes'] =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`a${i}`, { type: 'string' as const }]));

describe('entity values (storage-reference/entities-manifest, "Values")', () => {
  it.each([
    ['an empty string', ''],
    ['a blank string', '  \t '],
  ])('refuses %s in a string attribute with INVALID_ENTITY_VALUE, in every way of writing', async (_what, blank) => {
    expect(await failure(things().set('t', { name: blank }))).toEqual({ code: 'INVALID_ENTITY_VALUE', status: 400 });
    const batch = await kvs.batchSet([{ key: 't', value: { name: blank }, entityName: 'thing' }]);
    expect(batch.failedKeys[0]?.error.code).toBe('INVALID_ENTITY_VALUE');
    expect(await failure(kvs.transact().set('t', { name: blank }, { entityName: 'thing' }).execute())).toEqual({
      code: 'INVALID_ENTITY_VALUE',
      status: 400,
    });
    expect(await things().get('t')).toBeUndefined();
  });

  it('keeps accepting empty strings in plain keys and inside any attributes', async () => {
    await kvs.set('plain', '');
    await things().set('t', { name: 'ok', data: { note: '' } });
    expect(await kvs.get('plain')).toBe('');
    expect(await things().get('t')).toEqual({ name: 'ok', data: { note: '' } });
  });
});

describe('queries and conditions (storage-reference/entities-api-query)', () => {
  beforeEach(async () => {
    await things().set('a', { name: 'Ann', count: 3, flag: true, team: 'eng', data: { x: 1 } });
    await things().set('b', { name: 'Bob', count: 5, flag: false, team: 'eng' });
  });

  it('answers 422 for a filter on an any attribute ("Using them results in a 422 Unprocessable Entity error")', async () => {
    const query = things().query().index('by-name').filters(new Filter<Thing>().and('data', FilterConditions.exists()));
    expect(await failure(query.getMany())).toEqual({ code: 'UNSUPPORTED_ATTRIBUTE_TYPE', status: 422 });
  });

  it('answers 422 for a transaction condition on an any attribute', async () => {
    const conditions = new Filter<Thing>().and('data', FilterConditions.notExists());
    expect(await failure(kvs.transact().set<Thing>('a', { name: 'Ann' }, { entityName: 'thing', conditions }).execute())).toEqual({
      code: 'UNSUPPORTED_ATTRIBUTE_TYPE',
      status: 422,
    });
    expect(await things().get('a')).toMatchObject({ count: 3 });
  });

  it.each([
    ['contains on an integer', new Filter<Thing>().and('count', FilterConditions.contains(3 as never))],
    ['beginsWith on an integer', new Filter<Thing>().and('count', FilterConditions.beginsWith('3'))],
    ['greaterThan on a boolean', new Filter<Thing>().and('flag', FilterConditions.greaterThan(0 as never))],
  ])('refuses %s, which the condition table does not allow', async (_what, filter) => {
    expect(await failure(things().query().index('by-name').filters(filter).getMany())).toMatchObject({ status: 400 });
  });

  it('refuses a range condition the attribute type does not take (between on a boolean)', async () => {
    const query = things()
      .query()
      .index('by-flag')
      .where(WhereConditions.between(false as never, true as never));
    expect(await failure(query.getMany())).toEqual({ code: 'INVALID_FILTER_CONDITION', status: 400 });
  });

  it('refuses a filter value of another type than its attribute', async () => {
    const query = things()
      .query()
      .index('by-name')
      .filters(new Filter<Thing>().and('count', FilterConditions.equalTo('3' as never)));
    expect(await failure(query.getMany())).toEqual({ code: 'INVALID_FILTER_VALUES', status: 400 });
  });

  it('refuses more than 100 conditions in one query (limits-kvs-ce, "maximum of 100 conditions")', async () => {
    let filter = new Filter<Thing>().or('count', FilterConditions.equalTo(0));
    for (let i = 1; i < 100; i++) filter = filter.or('count', FilterConditions.equalTo(i));
    expect((await things().query().index('by-name').filters(filter).getMany()).results).toHaveLength(2);
    const withRange = things().query().index('by-name').where(WhereConditions.beginsWith('A')).filters(filter);
    expect(await failure(withRange.getMany())).toEqual({ code: 'TOO_MANY_CONDITIONS', status: 400 });
  });

  it('queries every entity by key through the by-key index without declaring it (entities-manifest)', async () => {
    await things().set('c', { name: 'Cat' });
    const all = await things().query().index('by-key').getMany();
    expect(all.results.map((r) => r.key)).toEqual(['a', 'b', 'c']);
    const some = await things().query().index('by-key').where(WhereConditions.beginsWith('b')).getMany();
    expect(some.results.map((r) => r.key)).toEqual(['b']);
  });
});

describe('indexed value sizes (storage-reference/entities-manifest, "Limitations")', () => {
  it('refuses a range value over 900 bytes and partition values over 1,700 bytes', async () => {
    await things().set('ok', { name: 'x'.repeat(900), team: 'y'.repeat(1700), count: 1 });
    expect(await failure(things().set('long-range', { name: 'x'.repeat(901) }))).toEqual({ code: 'INVALID_ENTITY_VALUE', status: 400 });
    expect(await failure(things().set('long-partition', { team: 'é'.repeat(851), count: 1 }))).toEqual({
      code: 'INVALID_ENTITY_VALUE',
      status: 400,
    });
  });
});

describe('the manifest (storage-reference/entities-manifest)', () => {
  it('refuses more than 20 entities, 50 attributes or 7 indexes', () => {
    const many = Array.from({ length: 21 }, (_, i) => ({ name: `entity-${i}`, attributes: {} }));
    expect(declare(many)).toThrow(/at most 20/);
    expect(declare([{ name: 'wide', attributes: attributes(51) }])).toThrow(/more than 50 attributes/);
    const indexes = Array.from({ length: 8 }, (_, i) => ({ name: `idx-${i}`, range: [`a${i}`] }));
    expect(declare([{ name: 'indexed', attributes: attributes(8), indexes }])).toThrow(/more than 7 indexes/);
    expect(declare([{ name: 'indexed', attributes: attributes(7), indexes: indexes.slice(0, 7) }])).not.toThrow();
  });

  it('refuses attribute names outside [_A-Za-z][_0-9A-Za-z]* or longer than 30 characters', () => {
    expect(declare([{ name: 'thing', attributes: { 'bad name': { type: 'string' } } }])).toThrow(/Attribute name/);
    expect(declare([{ name: 'thing', attributes: { '9lives': { type: 'string' } } }])).toThrow(/Attribute name/);
    expect(declare([{ name: 'thing', attributes: { ['a'.repeat(31)]: { type: 'string' } } }])).toThrow(/at most 30/);
    expect(declare([{ name: 'thing', attributes: { ['_' + 'a'.repeat(29)]: { type: 'string' } } }])).not.toThrow();
  });

  it('refuses entity names that start with _ or -, or end with .', () => {
    for (const name of ['_thing', '-thing', 'thing.', 'th..ing']) expect(declare([{ name, attributes: {} }])).toThrow(/invalid/);
    expect(declare([{ name: 'my_thing:v2', attributes: {} }])).not.toThrow();
  });

  it('refuses index names of the wrong length or characters, and an index without a range', () => {
    const base = { name: 'thing', attributes: { a: { type: 'string' as const } } };
    expect(declare([{ ...base, indexes: [{ name: 'ab', range: ['a'] }] }])).toThrow(/Index name 'ab'/);
    expect(declare([{ ...base, indexes: [{ name: 'a'.repeat(51), range: ['a'] }] }])).toThrow(/Index name/);
    expect(declare([{ ...base, indexes: [{ name: '.dot', range: ['a'] }] }])).toThrow(/Index name/);
    expect(declare([{ ...base, indexes: [{ name: 'no-range', range: [], partition: ['a'] }] }])).toThrow(/exactly one attribute/);
    expect(declare([{ ...base, indexes: [{ name: 'by-key', range: ['a'] }] }])).toThrow(/reserved/);
  });

  it('refuses an any attribute in an index ("all data types (except for any)")', () => {
    const base = { name: 'thing', attributes: { a: { type: 'any' as const }, b: { type: 'string' as const } } };
    expect(declare([{ ...base, indexes: [{ name: 'by-a', range: ['a'] }] }])).toThrow(/type any/);
    expect(declare([{ ...base, indexes: [{ name: 'by-b-a', partition: ['a'], range: ['b'] }] }])).toThrow(/type any/);
  });
});

describe('secrets and set options (storage-reference/kvs-api-secret, kvs-api)', () => {
  it('refuses a secret over 128 KiB ("persisted JSON values may be up to 128 KiB")', async () => {
    await kvs.setSecret('s', 'x'.repeat(128 * 1024 - 2));
    expect(await failure(kvs.setSecret('s', 'x'.repeat(128 * 1024 - 1)))).toEqual({ code: 'MAX_SIZE', status: 400 });
    await kvs.set('plain', 'x'.repeat(200 * 1024));
  });

  it('refuses returnMetadataFields without returnValue', async () => {
    const response = await service.handle('/api/v1/set', {
      key: 'k',
      value: 1,
      options: { keyPolicy: 'OVERRIDE', returnMetadataFields: ['CREATED_AT'] },
    });
    expect(response).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
  });
});

describe('TTL that is not exact (storage-reference/hosted-storage-data-lifecycle, kvs-api)', () => {
  it('hides an expired value at once by default', async () => {
    await kvs.set('lease', 'v', { ttl: { value: 1, unit: 'HOURS' } });
    clock += HOUR;
    expect(await kvs.get('lease')).toBeUndefined();
  });

  it('with lingering expiry on, still answers an expired value for up to 48 hours, with its expiry time', async () => {
    open({ lingeringExpiry: true });
    await kvs.set('lease', 'v', { ttl: { value: 1, unit: 'HOURS' } });
    await things().set('t', { name: 'kept', count: 1, team: 'eng' }, { ttl: { value: 1, unit: 'HOURS' } });
    clock += 10 * HOUR;
    expect(await kvs.get('lease', { metadataFields: [MetadataField.EXPIRE_TIME] })).toEqual({
      key: 'lease',
      value: 'v',
      expireTime: new Date(START + HOUR).toISOString(),
    });
    expect(
      (
        await things()
          .query()
          .index('by-team', { partition: ['eng'] })
          .getMany()
      ).results,
    ).toHaveLength(1);
    expect(await failure(kvs.set('lease', 'again', { keyPolicy: 'FAIL_IF_EXISTS' }))).toMatchObject({ status: 409 });
    clock = START + HOUR + 48 * HOUR;
    expect(await kvs.get('lease')).toBeUndefined();
  });
});

describe('failures the documentation gives no code for (storage-reference/handling-errors-kvs)', () => {
  it('answers a FAIL_IF_EXISTS clash and a failed condition with 409 by default', async () => {
    await kvs.set('k', 1);
    expect(await failure(kvs.set('k', 2, { keyPolicy: 'FAIL_IF_EXISTS' }))).toEqual({ code: 'KEY_ALREADY_EXISTS', status: 409 });
    const conditions = new Filter<Thing>().and('count', FilterConditions.equalTo(1));
    expect(await failure(kvs.transact().set<Thing>('t', { count: 2 }, { entityName: 'thing', conditions }).execute())).toEqual({
      code: 'CONDITIONAL_CHECK_FAILED',
      status: 409,
    });
  });

  it('answers both with an unfamiliar status and code when asked, writing nothing', async () => {
    open({ unfamiliarConflicts: true });
    await kvs.set('k', 1);
    expect(await failure(kvs.set('k', 2, { keyPolicy: 'FAIL_IF_EXISTS' }))).toEqual({ code: 'REQUEST_NOT_APPLIED', status: 400 });
    const conditions = new Filter<Thing>().and('count', FilterConditions.equalTo(1));
    expect(await failure(kvs.transact().set<Thing>('t', { count: 2 }, { entityName: 'thing', conditions }).execute())).toEqual({
      code: 'REQUEST_NOT_APPLIED',
      status: 400,
    });
    expect(await kvs.get('k')).toBe(1);
    expect(await things().get('t')).toBeUndefined();
  });
});
