/** An answer of the emulated KVS service: status and JSON body (`undefined` = empty body). */
export type KvsResponse = { status: number; body?: unknown };

export interface KvsService {
  /** Every stored record as `key<TAB>value`, values as stored (JSON): for tests that scan storage for what must not be in it. */
  dump(): string[];
  /** Answers one request of `@forge/kvs`: `path` as it passed to `__forge_fetch__`, `body` parsed. */
  handle(path: string, body: unknown): Promise<KvsResponse>;
  close(): Promise<void>;
}

/** Switches that make the local KVS behave as Forge may, where its documentation allows more than one answer. */
export type KvsFidelity = {
  /** Expired items stay readable for up to 48 hours, as Forge allows. */
  lingeringExpiry?: boolean;
  /** A FAIL_IF_EXISTS clash or a failed condition answers with a code and status the app cannot know. */
  unfamiliarConflicts?: boolean;
};

export type AttributeType = 'string' | 'boolean' | 'float' | 'integer' | 'any';

/** A custom entity as declared in manifest.yml under `app.storage.entities`. */
export type EntityDeclaration = {
  name: string;
  attributes: Record<string, { type: AttributeType }>;
  indexes?: Array<string | { name: string; range: string[]; partition?: string[] }>;
};
