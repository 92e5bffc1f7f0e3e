import type { KvsBackend } from './backend';
import { handleBatchDelete, handleBatchGet, handleBatchSet } from './batch-operations';
import { compileEntities } from './entity-schema';
import { handleEntityQuery } from './entity-query';
import { KvsError } from './errors';
import { handleDelete, handleGet, handleSet } from './item-handlers';
import { handleKeyQuery } from './key-query';
import type { ServiceContext } from './service-context';
import type { EntityDeclaration, KvsFidelity, KvsResponse, KvsService } from './service-types';
import { handleTransaction } from './transaction';

type Handler = (context: ServiceContext, body: unknown) => KvsResponse | Promise<KvsResponse>;

const ROUTES: ReadonlyMap<string, Handler> = new Map<string, Handler>([
  ['/api/v1/get', (context, body) => handleGet(context, 'plain', body)],
  ['/api/v1/set', (context, body) => handleSet(context, 'plain', body)],
  ['/api/v1/delete', (context, body) => handleDelete(context, 'plain', body)],
  ['/api/v1/query', handleKeyQuery],
  ['/api/v1/secret/get', (context, body) => handleGet(context, 'secret', body)],
  ['/api/v1/secret/set', (context, body) => handleSet(context, 'secret', body)],
  ['/api/v1/secret/delete', (context, body) => handleDelete(context, 'secret', body)],
  ['/api/v1/entity/get', (context, body) => handleGet(context, 'entity', body)],
  ['/api/v1/entity/set', (context, body) => handleSet(context, 'entity', body)],
  ['/api/v1/entity/delete', (context, body) => handleDelete(context, 'entity', body)],
  ['/api/v1/entity/query', handleEntityQuery],
  ['/api/v1/batch/get', handleBatchGet],
  ['/api/v1/batch/set', handleBatchSet],
  ['/api/v1/batch/delete', handleBatchDelete],
  ['/api/v1/transaction', handleTransaction],
]);

/**
 * The emulated Forge KVS service over `backend`. Each request runs to completion synchronously
 * inside one backend read or write, so concurrent requests are serialised and never interleave.
 */
export function createKvsService(options: {
  backend: KvsBackend;
  entities: EntityDeclaration[];
  now?: () => number;
  fidelity?: KvsFidelity;
}): KvsService {
  const context: ServiceContext = {
    backend: options.backend,
    catalog: compileEntities(options.entities),
    now: options.now ?? ((): number => Date.now()),
    fidelity: { lingeringExpiry: false, unfamiliarConflicts: false, ...options.fidelity },
  };
  return {
    async handle(path: string, body: unknown): Promise<KvsResponse> {
      const handler = ROUTES.get(path);
      if (handler === undefined) return { status: 404, body: { code: 'NOT_FOUND', message: `The KVS service has no endpoint ${path}.` } };
      try {
        return await handler(context, body);
      } catch (error) {
        if (error instanceof KvsError) return { status: error.status, body: { code: error.code, message: error.message } };
        const message = error instanceof Error ? error.message : String(error);
        return { status: 500, body: { code: 'INTERNAL_SERVER_ERROR', message: `An internal server error has occurred: ${message}` } };
      }
    },
    close(): Promise<void> {
      return options.backend.close();
    },
    dump(): string[] {
      return options.backend.read((reader) => [...reader.range({ gte: '', lt: '\uffff' })].map((entry) => `${entry.key}\t${entry.value}`));
    },
  };
}
