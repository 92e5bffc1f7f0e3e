import type { CompiledEntity, EntityCatalog } from './entity-schema';
import { requireEntity } from './entity-schema';
import { checkIndexedSizes } from './entity-index';
import { validateEntityValue } from './entity-values';
import type { JsonObject } from './request-fields';
import { validateKey } from './key-rules';
import { entityStorageKey, plainStorageKey, secretStorageKey } from './storage-keys';
import { MAX_SECRET_BYTES, MAX_VALUE_BYTES, validateValue } from './value-rules';

/** Which of the three independent key spaces an operation addresses. */
export type ItemSpace = { kind: 'plain' } | { kind: 'secret' } | { kind: 'entity'; entity: CompiledEntity };
export type SpaceKind = ItemSpace['kind'];

/** The space a request names: `entityName` picks an entity; otherwise `kind` decides. */
export function resolveSpace(catalog: EntityCatalog, kind: SpaceKind, entityName: unknown): ItemSpace {
  if (kind === 'entity') return { kind, entity: requireEntity(catalog, entityName) };
  return { kind };
}

/** For batch items and transaction operations, where `entityName` is optional. */
export function resolveOptionalEntitySpace(catalog: EntityCatalog, entityName: unknown): ItemSpace {
  return entityName === undefined ? { kind: 'plain' } : { kind: 'entity', entity: requireEntity(catalog, entityName) };
}

export function storageKeyOf(space: ItemSpace, key: string): string {
  if (space.kind === 'entity') return entityStorageKey(space.entity.name, key);
  return space.kind === 'secret' ? secretStorageKey(key) : plainStorageKey(key);
}

export function validateItemKey(space: ItemSpace, key: unknown): string {
  return validateKey(key, space.kind === 'entity' ? 'entity' : 'plain');
}

export function validateItemValue(space: ItemSpace, value: unknown): void {
  validateValue(value, space.kind === 'secret' ? MAX_SECRET_BYTES : MAX_VALUE_BYTES);
  if (space.kind === 'entity') {
    validateEntityValue(space.entity, value);
    checkIndexedSizes(space.entity, value as JsonObject);
  }
}
