import * as v from 'valibot';
import { validationError, type DomainError } from './domain-errors';
import type { FieldError } from './resolver-contract';
import { isUnknownKey } from './schemas';

/** Enough to fix a request; a body with thousands of mistakes does not get thousands of lines. */
const MAX_FIELD_ERRORS = 50;

/**
 * Every problem of a failed parse as `{ field, message }`: each unknown field is named on its
 * own, and valibot's generic messages are reworded.
 */
export function fieldErrorsOf(issues: readonly v.BaseIssue<unknown>[], prefix: readonly PropertyKey[] = []): FieldError[] {
  // A value of the wrong type says it all: no other problem of the same field is listed.
  const wrongType = new Set(issues.filter(isTypeError).map((issue) => fieldName([...prefix, ...pathOf(issue)])));
  const fields: FieldError[] = [];
  for (const issue of issues) {
    const field = fieldName([...prefix, ...pathOf(issue)]);
    if (isTypeError(issue) || !wrongType.has(field)) fields.push({ field, message: messageOf(issue) });
    if (fields.length >= MAX_FIELD_ERRORS) break;
  }
  return fields;
}

/**
 * Parses `input`; on failure adds its field errors to `problems` and answers undefined, so a
 * caller can check several inputs and then report every bad field at once.
 */
export function parseInto<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
  problems: FieldError[],
  prefix: readonly PropertyKey[] = [],
): v.InferOutput<S> | undefined {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  problems.push(...fieldErrorsOf(result.issues, prefix));
  return undefined;
}

export function invalid(fields: FieldError[]): DomainError {
  return validationError(fields.slice(0, MAX_FIELD_ERRORS), 'The request is invalid; see errors for each field.');
}

function pathOf(issue: v.BaseIssue<unknown>): PropertyKey[] {
  return issue.path?.map((item) => item.key as PropertyKey) ?? [];
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.map(String).join('.') || '(body)';
}

/** What a type error names, by the `expected` of valibot's type schemas. */
const TYPE_NAMES: Record<string, string> = { string: 'string', number: 'number', boolean: 'boolean', Array: 'array', Object: 'object' };

/** A value that is not a string, number, boolean, array or object as its schema requires (or is absent). */
function isTypeError(issue: v.BaseIssue<unknown>): boolean {
  return issue.kind === 'schema' && issue.expected !== null && Object.hasOwn(TYPE_NAMES, issue.expected);
}

/** Valibot's own messages read "Invalid type: Expected string but received 5", and the like. */
const DEFAULT_MESSAGE = /^Invalid [\w -]+: (?:Expected [\s\S]* but r|R)eceived /;

function messageOf(issue: v.BaseIssue<unknown>): string {
  if (isUnknownKey(issue)) return 'is not a known field';
  // Our schemas word their own messages; for the rest, a type error is reworded, anything else is generic.
  if (!DEFAULT_MESSAGE.test(issue.message)) return issue.message;
  if (!isTypeError(issue)) return 'Invalid input';
  if (issue.input === undefined) return 'is required';
  const expected = TYPE_NAMES[issue.expected!]!;
  return `must be ${/^[aeiou]/.test(expected) ? 'an' : 'a'} ${expected}`;
}
