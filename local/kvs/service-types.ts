/** An answer of the emulated KVS service: status and JSON body (`undefined` = empty body). */
export type KvsResponse = { status: number; body?: unknown };

export interface KvsService {
  /** Answers one request of `@forge/kvs`: `path` as it passed to `__forge_fetch__`, `body` parsed. */
  handle(path: string, body: unknown): Promise<KvsResponse>;
  close(): Promise<void>;
}

export type AttributeType = 'string' | 'boolean' | 'float' | 'integer' | 'any';

/** A custom entity as declared in manifest.yml under `app.storage.entities`. */
export type EntityDeclaration = {
  name: string;
  attributes: Record<string, { type: AttributeType }>;
  indexes?: Array<string | { name: string; range: string[]; partition?: string[] }>;
};
