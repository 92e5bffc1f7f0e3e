import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * Once an app is deployed, the custom entities and attributes in its manifest "can no longer be
 * deleted" (storage-reference/entities-manifest), and indexes deployed to staging or production
 * can never be. `storage-entities.json` records what has been declared; a test compares the
 * manifest with it, so a removal or a change of type fails before it reaches a deployment.
 *
 *   node --import tsx scripts/storage-entities.ts   (records the manifest's entities, on purpose)
 */
export const SNAPSHOT_FILE = path.join(__dirname, '..', 'test', 'app', 'storage-entities.json');

type Index = { name: string; partition: string[]; range: string[] };
export type EntitySnapshot = Record<string, { attributes: Record<string, string>; indexes: Record<string, Omit<Index, 'name'>> }>;

type RawEntity = { name: string; attributes?: Record<string, { type: string }>; indexes?: Array<string | Partial<Index>> };

/** The entities of a manifest, in the snapshot's shape. */
export function entitiesOf(manifestPath: string): EntitySnapshot {
  const manifest = parse(readFileSync(manifestPath, 'utf8')) as { app?: { storage?: { entities?: RawEntity[] } } };
  const snapshot: EntitySnapshot = {};
  for (const entity of manifest.app?.storage?.entities ?? []) {
    const attributes = Object.fromEntries(Object.entries(entity.attributes ?? {}).map(([name, spec]) => [name, spec.type]));
    const indexes = Object.fromEntries(
      (entity.indexes ?? []).map((index) =>
        typeof index === 'string'
          ? [index, { partition: [], range: [index] }]
          : [String(index.name), { partition: index.partition ?? [], range: index.range ?? [] }],
      ),
    );
    snapshot[entity.name] = { attributes, indexes };
  }
  return snapshot;
}

/** What the manifest removed or changed compared with the snapshot; additions are fine. */
export function forbiddenChanges(recorded: EntitySnapshot, current: EntitySnapshot): string[] {
  const problems: string[] = [];
  for (const [name, entity] of Object.entries(recorded)) {
    const now = current[name];
    if (!now) {
      problems.push(`entity '${name}' was removed`);
      continue;
    }
    for (const [attribute, type] of Object.entries(entity.attributes)) {
      if (!(attribute in now.attributes)) problems.push(`attribute '${name}.${attribute}' was removed`);
      else if (now.attributes[attribute] !== type)
        problems.push(`attribute '${name}.${attribute}' changed type from ${type} to ${now.attributes[attribute]}`);
    }
    for (const [index, shape] of Object.entries(entity.indexes)) {
      const nowIndex = now.indexes[index];
      if (!nowIndex) problems.push(`index '${name}.${index}' was removed`);
      else if (JSON.stringify(nowIndex) !== JSON.stringify(shape)) problems.push(`index '${name}.${index}' changed its partition or range`);
    }
  }
  return problems;
}

/** What the manifest adds that the snapshot has not recorded yet. */
export function unrecorded(recorded: EntitySnapshot, current: EntitySnapshot): string[] {
  const added: string[] = [];
  for (const [name, entity] of Object.entries(current)) {
    const before = recorded[name];
    if (!before) {
      added.push(`entity '${name}'`);
      continue;
    }
    for (const attribute of Object.keys(entity.attributes))
      if (!(attribute in before.attributes)) added.push(`attribute '${name}.${attribute}'`);
    for (const index of Object.keys(entity.indexes)) if (!(index in before.indexes)) added.push(`index '${name}.${index}'`);
  }
  return added;
}

if (require.main === module) {
  writeFileSync(SNAPSHOT_FILE, `${JSON.stringify(entitiesOf(path.join(__dirname, '..', 'manifest.yml')), null, 2)}\n`);
  console.log(`recorded the manifest's entities in ${path.relative(process.cwd(), SNAPSHOT_FILE)}`);
}
