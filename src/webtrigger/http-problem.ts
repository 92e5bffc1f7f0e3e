import type { Problem } from '../shared/problem';
import type { FieldError } from '../shared/resolver-contract';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const PROBLEM_TYPE_BASE = 'https://quorum.app/problems/';

/**
 * The one exception type of the web trigger: thrown anywhere in a request, rendered once by the
 * handler. Its `detail` is written for the API's users and never carries internals. It is an
 * answer, not a fault: it carries no stack trace, whose capture would cost a refused request
 * (a 429 in a flood) more than everything else it does.
 */
export class HttpProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly extra: { errors?: FieldError[]; headers?: Record<string, string[]> };

  constructor(status: number, code: string, detail: string, extra: HttpProblem['extra'] = {}) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(detail);
    Error.stackTraceLimit = limit;
    this.name = 'HttpProblem';
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.extra = extra;
  }

  toProblem(): Problem {
    return {
      type: PROBLEM_TYPE_BASE + this.code,
      title: TITLES[this.status] ?? 'Error',
      status: this.status,
      detail: this.detail,
      code: this.code,
      errors: this.extra.errors ?? [],
    };
  }
}
