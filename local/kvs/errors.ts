/**
 * An error the KVS service answers with a non-2xx status and a `{ code, message }` body. It is an
 * answer sent back over the (emulated) wire, not a fault of the runtime: it carries no stack
 * trace, which would cost a missing key more than reading it.
 */
export class KvsError extends Error {
  override name = 'KvsError';
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.status = status;
    this.code = code;
  }
}

export function badRequest(code: string, message: string): KvsError {
  return new KvsError(400, code, message);
}

export function keyNotFound(): KvsError {
  return new KvsError(404, 'KEY_NOT_FOUND', 'Provided key does not exist');
}
