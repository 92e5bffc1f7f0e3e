/**
 * The local Forge KVS engine: the storage service `@forge/kvs` talks to through
 * `globalThis.__forge_fetch__`, on an in-memory or a durable LMDB backend.
 *
 * Where Forge's documentation is silent this engine picks the stricter reading, so that code
 * passing here also passes on Forge: queries page by 10 without a limit; an entity query's limit
 * counts entities read before filters (pages can be short while a cursor remains); entity values
 * may only hold declared attributes, and typed attributes may not be null; TTLs are at most 365
 * days; plain-key queries only take `key BEGINS_WITH`.
 */
export type { EntityDeclaration, KvsFidelity, KvsResponse, KvsService } from './service-types';
export type { BackendEntry, BackendRange, BackendReader, BackendWriter, KvsBackend } from './backend';
export { createMemoryBackend } from './memory-backend';
export { openLmdbBackend } from './lmdb-backend';
export { createKvsService } from './service';
