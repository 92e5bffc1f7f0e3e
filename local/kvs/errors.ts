/** An error the KVS service answers with a non-2xx status and a `{ code, message }` body. */
export class KvsError extends Error {
  override name = 'KvsError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function badRequest(code: string, message: string): KvsError {
  return new KvsError(400, code, message);
}

export function keyNotFound(): KvsError {
  return new KvsError(404, 'KEY_NOT_FOUND', 'Provided key does not exist');
}
