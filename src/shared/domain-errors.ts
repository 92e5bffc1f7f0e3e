import type { FieldError } from './resolver-contract';

/**
 * Expected failures of the domain, each mapped once to a resolver error code and once to an
 * HTTP status by the adapters. Anything else thrown is a surprise and answers as UNEXPECTED/500.
 */
export class DomainError extends Error {
  constructor(
    readonly kind: 'validation' | 'not_found' | 'conflict' | 'precondition_failed' | 'forbidden' | 'closed',
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/**
 * The code each kind is known by outside: the web trigger's problem `code` and the Automation
 * actions' error messages use the same words.
 */
export const ERROR_CODE_OF_KIND: Record<DomainError['kind'], string> = {
  validation: 'invalid_request',
  not_found: 'not_found',
  conflict: 'conflict',
  precondition_failed: 'precondition_failed',
  forbidden: 'insufficient_scope',
  closed: 'poll_closed',
};

export function validationError(fields: FieldError[], message = 'The request is invalid.'): DomainError {
  return new DomainError('validation', message, fields);
}

export function notFound(message: string): DomainError {
  return new DomainError('not_found', message);
}

export function conflict(message: string): DomainError {
  return new DomainError('conflict', message);
}

/** The caller's expected version (HTTP `If-Match`) is not the current one. */
export function preconditionFailed(message: string): DomainError {
  return new DomainError('precondition_failed', message);
}

/** The caller may not do this here (no permission on the issue or page). */
export function forbidden(message: string): DomainError {
  return new DomainError('forbidden', message);
}

/** The poll takes no votes: it is closed, or its end date has passed. */
export function pollClosed(message = 'This poll is closed.'): DomainError {
  return new DomainError('closed', message);
}
