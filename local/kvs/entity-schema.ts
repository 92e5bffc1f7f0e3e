import { badRequest } from './errors';
import type { AttributeType, EntityDeclaration } from './service-types';

export type CompiledIndex = { name: string; partition: readonly string[]; range: string | undefined };

export type CompiledEntity = {
  name: string;
  attributes: ReadonlyMap<string, AttributeType>;
  indexes: ReadonlyMap<string, CompiledIndex>;
};

export type EntityCatalog = ReadonlyMap<string, CompiledEntity>;

const ATTRIBUTE_TYPES: readonly string[] = ['string', 'boolean', 'float', 'integer', 'any'];
const ENTITY_NAME_PATTERN = /^(?![.-])(?!.*\.{2})[a-z0-9:\-._]*(?<![.])$/;

/** Checks the manifest's declarations once, so a broken declaration fails at start-up, loudly. */
export function compileEntities(declarations: readonly EntityDeclaration[]): EntityCatalog {
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
    throw new Error(`Custom entity name ${JSON.stringify(name)} is invalid: 3–60 characters of a-z 0-9 : - _ .`);
  }
  const attributes = new Map<string, AttributeType>();
  for (const [attribute, spec] of Object.entries(declaration.attributes ?? {})) {
    const type = spec?.type;
    if (typeof type !== 'string' || !ATTRIBUTE_TYPES.includes(type)) {
      throw new Error(`Attribute '${attribute}' of entity '${name}' has unknown type ${JSON.stringify(type)}.`);
    }
    attributes.set(attribute, type as AttributeType);
  }
  const indexes = new Map<string, CompiledIndex>();
  for (const raw of declaration.indexes ?? []) {
    const index = compileIndex(name, raw, attributes);
    if (indexes.has(index.name)) throw new Error(`Index '${index.name}' of entity '${name}' is declared twice.`);
    indexes.set(index.name, index);
  }
  return { name, attributes, indexes };
}

function compileIndex(
  entity: string,
  raw: string | { name: string; range: string[]; partition?: string[] },
  attributes: ReadonlyMap<string, AttributeType>,
): CompiledIndex {
  // The short form `- attribute` declares an index of that name ranging over that attribute.
  const index =
    typeof raw === 'string'
      ? { name: raw, range: [raw], partition: [] }
      : { name: raw?.name, range: raw?.range ?? [], partition: raw?.partition ?? [] };
  if (typeof index.name !== 'string' || index.name.length === 0) throw new Error(`An index of entity '${entity}' has no name.`);
  if (!Array.isArray(index.range) || index.range.length > 1)
    throw new Error(`Index '${index.name}' of entity '${entity}' must range over one attribute.`);
  if (!Array.isArray(index.partition)) throw new Error(`Index '${index.name}' of entity '${entity}' has a partition that is not a list.`);
  for (const attribute of [...index.range, ...index.partition]) {
    if (!attributes.has(attribute))
      throw new Error(`Index '${index.name}' of entity '${entity}' names undeclared attribute '${attribute}'.`);
  }
  return { name: index.name, partition: [...index.partition], range: index.range[0] };
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
