import type { KvsBackend } from './backend';
import type { EntityCatalog } from './entity-schema';

/** What every operation handler works with. */
export type ServiceContext = {
  backend: KvsBackend;
  catalog: EntityCatalog;
  now: () => number;
};
