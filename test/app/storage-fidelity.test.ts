import { kvs } from '@forge/kvs';
import { openLmdbBackend } from '../../local/kvs';
import { compileEntities } from '../../local/kvs/entity-schema';
import { putRecord } from '../../local/kvs/item-store';
import { loadManifest } from '../../local/manifest';
import type { LocalRuntime, LocalRuntimeOptions } from '../../local/runtime';
import { ENTITY } from '../../src/platform/storage-names';
import { DEFAULT_POLL_SETTINGS } from '../../src/shared/polls';
import { tempDir } from '../support/local-process';
import { callResolver, DAY_MS, mintToken, quorumRuntime, STRICT_STORAGE, tokenInput, unwrap } from '../support/quorum';
import { callTrigger, JSON_HEADERS, STAR_POLL } from '../support/trigger';

/**
 * Quorum on storage as strict as Forge's documentation allows. Where the documentation names no
 * error code (a FAIL_IF_EXISTS clash, a failed transaction condition: storage-reference/
 * handling-errors-kvs) Quorum reads again instead of trusting a code; where TTL is not exact
 * (storage-reference/hosted-storage-data-lifecycle: expired data may be read for up to 48 hours)
 * Quorum checks expiry itself.
 */
const STORAGE_READINGS: Array<[string, LocalRuntimeOptions['fidelity']]> = [
  ['409 with the local codes', {}],
  ['an unfamiliar status and code', { unfamiliarConflicts: true }],
];

describe.each(STORAGE_READINGS)('when a refused conditional write answers %s', (_reading, fidelity) => {
  let runtime: LocalRuntime;
  beforeEach(() => {
    runtime = quorumRuntime({ fidelity });
  });
  afterEach(() => runtime.close());

  it('mints exactly one of 10 concurrent tokens with the same name and names the field for the rest', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () => callResolver(runtime, 'tokens/create', tokenInput({ name: 'Deploy bot' }))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const refused of results.filter((r) => !r.ok)) {
      expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: [{ field: 'name' }] } });
    }
  });

  it('creates one poll for 10 concurrent requests with the same Idempotency-Key and replays it to the rest', async () => {
    const { token } = await mintToken(runtime);
    const create = () =>
      callTrigger(runtime, {
        method: 'POST',
        url: '/polls',
        headers: { ...JSON_HEADERS, authorization: `Bearer ${token}`, 'idempotency-key': 'rule-7-run-1' },
        body: JSON.stringify({ ...STAR_POLL, workspace: 'PLAT', content: 'PLAT-3' }),
      });
    const answers = await Promise.all(Array.from({ length: 10 }, create));
    const ids = new Set(answers.filter((a) => a.status === 201).map((a) => a.json.id));
    expect(ids.size).toBe(1);
    expect(answers.every((a) => a.status === 201 || a.status === 409)).toBe(true);
    const list = await callTrigger(runtime, { url: '/polls?workspace=PLAT&content=PLAT-3', headers: { authorization: `Bearer ${token}` } });
    expect(list.json.polls).toHaveLength(1);
  });

  it('lets one of 4 concurrent PATCHes of the same version win and answers the others 409', async () => {
    const { token } = await mintToken(runtime);
    const auth = { ...JSON_HEADERS, authorization: `Bearer ${token}` };
    const created = await callTrigger(runtime, {
      method: 'POST',
      url: '/polls',
      headers: auth,
      body: JSON.stringify({ ...STAR_POLL, workspace: 'PLAT', content: 'PLAT-4' }),
    });
    const answers = await Promise.all(
      [1, 2, 3, 4].map((n) =>
        callTrigger(runtime, {
          method: 'PATCH',
          url: `/polls/${created.json.id}`,
          headers: { ...auth, 'if-match': '"v1"' },
          body: JSON.stringify({ title: `Take ${n}` }),
        }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409].sort());
    const read = await callTrigger(runtime, { url: `/polls/${created.json.id}`, headers: auth });
    expect(read.json.version).toBe(2);
  });
});

describe('when expired data stays readable for 48 hours, as Forge allows', () => {
  let runtime: LocalRuntime;
  beforeEach(() => {
    // Only the clock is faked: the runtime and the app keep real timers.
    jest.useFakeTimers({
      doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask'],
    });
    runtime = quorumRuntime({ fidelity: STRICT_STORAGE });
  });
  afterEach(async () => {
    await runtime.close();
    jest.useRealTimers();
  });

  it('leaves audit events out of the log once their retention has passed', async () => {
    const { policy } = unwrap(await callResolver(runtime, 'settings/get', {}));
    unwrap(await callResolver(runtime, 'settings/update', { policy: { ...policy, auditRetentionDays: 1 } }));
    await mintToken(runtime, { name: 'old news' });
    jest.setSystemTime(Date.now() + DAY_MS + 60_000);
    const stored = await runtime.run(() => kvs.entity(ENTITY.auditEvent).query().index('by-time').limit(100).getMany());
    expect(stored.results.length).toBeGreaterThan(0); // still in storage, as Forge may keep it
    const { events } = unwrap(await callResolver(runtime, 'audit/list', { limit: 100 }));
    expect(events.filter((e) => e.outcome === 'token_created')).toEqual([]);
  });

  it('creates a new poll for an Idempotency-Key whose 24 hours have passed instead of replaying the old one', async () => {
    const { token } = await mintToken(runtime, { expiresAt: new Date(Date.now() + 30 * DAY_MS).toISOString() });
    const create = () =>
      callTrigger(runtime, {
        method: 'POST',
        url: '/polls',
        headers: { ...JSON_HEADERS, authorization: `Bearer ${token}`, 'idempotency-key': 'daily-standup' },
        body: JSON.stringify({ ...STAR_POLL, workspace: 'PLAT', content: 'PLAT-5' }),
      });
    const first = await create();
    expect((await create()).json.id).toBe(first.json.id);
    jest.setSystemTime(Date.now() + DAY_MS + 60_000);
    const later = await create();
    expect(later.status).toBe(201);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    expect(later.json.id).not.toBe(first.json.id);
  });
});

describe('polls an earlier version stored with blank text attributes', () => {
  it('still reads and lists them, as the empty description and container they were', async () => {
    const dir = tempDir('legacy-polls');
    // As the previous version wrote a Jira poll: '' in `description` and `container`, which the
    // strict runtime now refuses; written here beneath its checks, straight into the data folder.
    const entity = compileEntities(loadManifest('manifest.yml').entities).get(ENTITY.poll)!;
    const backend = openLmdbBackend(dir);
    const id = '6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e';
    const at = new Date().toISOString();
    const legacy = {
      id,
      title: 'Written before',
      description: '',
      options: [
        { id: '1', title: 'Yes', order: 0 },
        { id: '2', title: 'No', order: 1 },
      ],
      settings: { ...DEFAULT_POLL_SETTINGS },
      product: 'jira',
      workspace: 'PLAT',
      content: 'PLAT-9',
      container: '',
      locationKey: JSON.stringify(['jira', 'PLAT', 'PLAT-9', '']),
      status: 'open',
      version: 1,
      createdAt: at,
      updatedAt: at,
      createdBy: { type: 'token', id: '0b8f3c2e-6a1d-4f5e-9c7b-2d4e6f8a0b1c' },
    };
    await backend.write((writer) =>
      putRecord(writer, { kind: 'entity', entity }, id, { value: legacy, createdAt: Date.now(), updatedAt: Date.now() }),
    );
    await backend.close();

    const runtime = quorumRuntime({ storage: { kind: 'lmdb', dir } });
    try {
      const { token } = await mintToken(runtime);
      const auth = { authorization: `Bearer ${token}` };
      const read = await callTrigger(runtime, { url: `/polls/${id}`, headers: auth });
      expect(read).toMatchObject({ status: 200, json: { id, description: '', container: '', title: 'Written before' } });
      const listed = await callTrigger(runtime, { url: '/polls?workspace=PLAT&content=PLAT-9', headers: auth });
      expect(listed.json.polls).toEqual([expect.objectContaining({ id, description: '', container: '' })]);
      const updated = await callTrigger(runtime, {
        method: 'PATCH',
        url: `/polls/${id}`,
        headers: { ...auth, ...JSON_HEADERS },
        body: JSON.stringify({ title: 'Written again' }),
      });
      expect(updated).toMatchObject({ status: 200, json: { version: 2, description: '', container: '' } });
    } finally {
      await runtime.close();
    }
  });
});
