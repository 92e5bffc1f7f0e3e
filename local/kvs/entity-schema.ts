import { badRequest } from './errors';
import type { AttributeType, EntityDeclaration } from './service-types';

export type CompiledIndex = { name: string; partition: readonly string[]; range: string | undefined };

export type CompiledEntity = {
  name: string;
  attributes: ReadonlyMap<string, AttributeType>;
  indexes: ReadonlyMap<string, CompiledIndex>;
};

export type EntityCatalog = ReadonlyMap<string, CompiledEntity>;

/**
 * Every entity has an index on its key that needs no declaration (entities-manifest: "The key
 * index's name is `by-key`"); its range stands for the key, which no attribute name can spell.
 */
export const KEY_INDEX = 'by-key';
export const KEY_RANGE = '(key)';

// The limits of storage-reference/entities-manifest ("Limitations", "Attributes", "Indexes").
const MAX_ENTITIES = 20;
const MAX_ATTRIBUTES = 50;
const MAX_INDEXES = 7;
const ATTRIBUTE_TYPES: readonly string[] = ['string', 'boolean', 'float', 'integer', 'any'];
// "a-z0-9:-_.", "Cannot start with - or _", "Must not begin or end with a .", "Must not contain ..".
const ENTITY_NAME_PATTERN = /^(?![._-])(?!.*\.{2})[a-z0-9:\-._]*(?<![.])$/;
const ATTRIBUTE_NAME_PATTERN = /^[_A-Za-z][_0-9A-Za-z]*$/;
const MAX_ATTRIBUTE_NAME_LENGTH = 30;
const INDEX_NAME_PATTERN = /^(?!\.)(?!.*\.\.)[a-zA-Z0-9:_.-]+(?<!\.)$/;

/** Checks the manifest's declarations once, so a broken declaration fails at start-up, loudly. */
export function compileEntities(declarations: readonly EntityDeclaration[]): EntityCatalog {
  if (declarations.length > MAX_ENTITIES) throw new Error(`An app can declare at most ${MAX_ENTITIES} custom entities.`);
  const catalog = new Map<string, CompiledEntity>();
  for (const declaration of declarations) {
    const entity = compileEntity(declaration);
    if (catalog.has(entity.name)) throw new Error(`Custom entity '${entity.name}' is declared twice.`);
    catalog.set(entity.name, entity);
  }
  return catalog;
}

function compileEntity(declaration: EntityDeclaration): CompiledEntity {
  const name = declaration?.name;
  if (typeof name !== 'string' || name.length < 3 || name.length > 60 || !ENTITY_NAME_PATTERN.test(name)) {
    throw new Error(
      `Custom entity name ${JSON.stringify(name)} is invalid: 3–60 characters of a-z 0-9 : - _ ., not starting with - _ or ., not ending with ., no "..".`,
    );
  }
  const attributes = new Map<string, AttributeType>();
  const declared = Object.entries(declaration.attributes ?? {});
  if (declared.length > MAX_ATTRIBUTES) throw new Error(`Entity '${name}' declares more than ${MAX_ATTRIBUTES} attributes.`);
  for (const [attribute, spec] of declared) {
    if (!ATTRIBUTE_NAME_PATTERN.test(attribute) || attribute.length > MAX_ATTRIBUTE_NAME_LENGTH) {
      throw new Error(
        `Attribute name '${attribute}' of entity '${name}' is invalid: it must match [_A-Za-z][_0-9A-Za-z]* and have at most ${MAX_ATTRIBUTE_NAME_LENGTH} characters.`,
      );
    }
    const type = spec?.type;
    if (typeof type !== 'string' || !ATTRIBUTE_TYPES.includes(type)) {
      throw new Error(`Attribute '${attribute}' of entity '${name}' has unknown type ${JSON.stringify(type)}.`);
    }
    attributes.set(attribute, type as AttributeType);
  }
  const declaredIndexes = declaration.indexes ?? [];
  if (declaredIndexes.length > MAX_INDEXES) throw new Error(`Entity '${name}' declares more than ${MAX_INDEXES} indexes.`);
  const indexes = new Map<string, CompiledIndex>();
  for (const raw of declaredIndexes) {
    const index = compileIndex(name, raw, attributes);
    if (indexes.has(index.name)) throw new Error(`Index '${index.name}' of entity '${name}' is declared twice.`);
    indexes.set(index.name, index);
  }
  indexes.set(KEY_INDEX, { name: KEY_INDEX, partition: [], range: KEY_RANGE });
  return { name, attributes, indexes };
}

function compileIndex(
  entity: string,
  raw: string | { name: string; range: string[]; partition?: string[] },
  attributes: ReadonlyMap<string, AttributeType>,
): CompiledIndex {
  // The short form `- attribute` declares an index of that name ranging over that attribute.
  const simple = typeof raw === 'string';
  const index = simple
    ? { name: raw, range: [raw], partition: [] }
    : { name: raw?.name, range: raw?.range, partition: raw?.partition ?? [] };
  if (typeof index.name !== 'string' || index.name.length === 0) throw new Error(`An index of entity '${entity}' has no name.`);
  if (index.name === KEY_INDEX) throw new Error(`Index name '${KEY_INDEX}' of entity '${entity}' is reserved for the key index.`);
  if (!simple && (index.name.length < 3 || index.name.length > 50 || !INDEX_NAME_PATTERN.test(index.name))) {
    throw new Error(
      `Index name '${index.name}' of entity '${entity}' is invalid: 3–50 characters of a-zA-Z0-9 : - _ ., not starting or ending with ., no "..".`,
    );
  }
  // The manifest reference marks `range` as required and limits it to one attribute.
  if (!Array.isArray(index.range) || index.range.length !== 1)
    throw new Error(`Index '${index.name}' of entity '${entity}' must range over exactly one attribute.`);
  if (!Array.isArray(index.partition)) throw new Error(`Index '${index.name}' of entity '${entity}' has a partition that is not a list.`);
  for (const attribute of [...index.range, ...index.partition]) {
    const type = attributes.get(attribute);
    if (type === undefined) throw new Error(`Index '${index.name}' of entity '${entity}' names undeclared attribute '${attribute}'.`);
    // "both accept all data types (except for `any`)".
    if (type === 'any') throw new Error(`Index '${index.name}' of entity '${entity}' uses attribute '${attribute}' of type any.`);
  }
  return { name: index.name, partition: [...index.partition], range: index.range[0] };
}

/** The type of an index's range: the declared attribute's, or string for the key index. */
export function rangeTypeOf(entity: CompiledEntity, index: CompiledIndex): AttributeType | undefined {
  if (index.range === undefined) return undefined;
  return index.range === KEY_RANGE ? 'string' : entity.attributes.get(index.range);
}

/** The declared entity called `name`, or the error Forge answers for an unusable entity name. */
export function requireEntity(catalog: EntityCatalog, name: unknown): CompiledEntity {
  if (typeof name !== 'string') throw badRequest('INVALID_ENTITY_TYPE', 'entityName must be a string.');
  const entity = catalog.get(name);
  if (entity) return entity;
  if (name.length < 3) throw badRequest('ENTITY_TYPE_TOO_SHORT', `Entity name '${name}' is shorter than 3 characters.`);
  if (name.length > 60) throw badRequest('ENTITY_TYPE_TOO_LARGE', 'Entity name is longer than 60 characters.');
  if (!ENTITY_NAME_PATTERN.test(name))
    throw badRequest('INVALID_ENTITY_TYPE', `Entity name '${name}' does not match ${ENTITY_NAME_PATTERN.source}.`);
  throw badRequest('INVALID_ENTITY_TYPE', `Entity '${name}' is not declared in manifest.yml (app.storage.entities).`);
}

export function requireIndex(entity: CompiledEntity, name: unknown): CompiledIndex {
  const index = typeof name === 'string' ? entity.indexes.get(name) : undefined;
  if (!index)
    throw badRequest('INVALID_ENTITY_INDEX', `Entity '${entity.name}' has no index ${JSON.stringify(name)} declared in manifest.yml.`);
  return index;
}
