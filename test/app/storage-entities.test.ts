import { readFileSync } from 'node:fs';
import path from 'node:path';
import { entitiesOf, forbiddenChanges, SNAPSHOT_FILE, unrecorded, type EntitySnapshot } from '../../scripts/storage-entities';
import { REPO_ROOT } from '../support/local-process';

/**
 * storage-reference/entities-manifest: "Once you've deployed your app, any entities or attributes
 * included in your manifest can no longer be deleted. If you do, Forge will return an error."
 * The snapshot records what the manifest has declared; `npm run entities:record` updates it.
 */
const recorded = JSON.parse(readFileSync(SNAPSHOT_FILE, 'utf8')) as EntitySnapshot;
const current = entitiesOf(path.join(REPO_ROOT, 'manifest.yml'));

describe('app.storage.entities in manifest.yml', () => {
  it('keeps every entity, attribute and index of the snapshot, with the same types', () => {
    expect(forbiddenChanges(recorded, current)).toEqual([]);
  });

  it('has every entity, attribute and index recorded in the snapshot (npm run entities:record)', () => {
    expect(unrecorded(recorded, current)).toEqual([]);
  });
});

describe('the comparison itself', () => {
  const snapshot: EntitySnapshot = {
    poll: { attributes: { id: 'string', version: 'integer' }, indexes: { 'by-id': { partition: [], range: ['id'] } } },
  };

  it('names a removed entity, attribute or index and a changed type or index', () => {
    expect(forbiddenChanges(snapshot, {})).toEqual(["entity 'poll' was removed"]);
    expect(
      forbiddenChanges(snapshot, {
        poll: { attributes: { version: 'float' }, indexes: { 'by-id': { partition: ['version'], range: ['id'] } } },
      }),
    ).toEqual([
      "attribute 'poll.id' was removed",
      "attribute 'poll.version' changed type from integer to float",
      "index 'poll.by-id' changed its partition or range",
    ]);
    expect(forbiddenChanges(snapshot, { poll: { attributes: snapshot['poll']!.attributes, indexes: {} } })).toEqual([
      "index 'poll.by-id' was removed",
    ]);
  });

  it('allows additions, and names them until they are recorded', () => {
    const grown: EntitySnapshot = {
      poll: { attributes: { ...snapshot['poll']!.attributes, title: 'string' }, indexes: snapshot['poll']!.indexes },
      vote: { attributes: {}, indexes: {} },
    };
    expect(forbiddenChanges(snapshot, grown)).toEqual([]);
    expect(unrecorded(snapshot, grown)).toEqual(["attribute 'poll.title'", "entity 'vote'"]);
  });
});
