import type * as z from 'zod/mini';
import { validationError, type DomainError } from './domain-errors';
import type { FieldError } from './resolver-contract';

/** Enough to fix a request; a body with thousands of mistakes does not get thousands of lines. */
const MAX_FIELD_ERRORS = 50;

/**
 * Every problem of a failed parse as `{ field, message }`, one per field: each unknown field is
 * named on its own (zod reports them together), and zod's generic type messages are reworded.
 */
export function fieldErrorsOf(error: z.core.$ZodError, prefix: readonly PropertyKey[] = []): FieldError[] {
  // zod may check a length before the type ("x" has 1 of 2 options): the type error says it all.
  const wrongType = new Set(
    error.issues.filter((issue) => issue.code === 'invalid_type').map((issue) => fieldName([...prefix, ...issue.path])),
  );
  const fields: FieldError[] = [];
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields.push({ field: fieldName([...path, key]), message: 'is not a known field' });
    } else if (issue.code === 'invalid_type' || !wrongType.has(fieldName(path))) {
      fields.push({ field: fieldName(path), message: messageOf(issue) });
    }
    if (fields.length >= MAX_FIELD_ERRORS) break;
  }
  return fields.slice(0, MAX_FIELD_ERRORS);
}

/**
 * Parses `input`; on failure adds its field errors to `problems` and answers undefined, so a
 * caller can check several inputs and then report every bad field at once.
 */
export function parseInto<S extends z.ZodMiniType>(
  schema: S,
  input: unknown,
  problems: FieldError[],
  prefix: readonly PropertyKey[] = [],
): z.output<S> | undefined {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  problems.push(...fieldErrorsOf(result.error, prefix));
  return undefined;
}

export function invalid(fields: FieldError[]): DomainError {
  return validationError(fields.slice(0, MAX_FIELD_ERRORS), 'The request is invalid; see errors for each field.');
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.map(String).join('.') || '(body)';
}

function messageOf(issue: z.core.$ZodIssue): string {
  // Our schemas word their own messages; zod's defaults start with "Invalid input".
  if (issue.code !== 'invalid_type' || !issue.message.startsWith('Invalid input')) return issue.message;
  if ('input' in issue && issue.input === undefined) return 'is required';
  const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
  return `must be ${/^[aeiou]/.test(expected) ? 'an' : 'a'} ${expected}`;
}

const TYPE_NAMES: Record<string, string> = { int: 'integer', nan: 'number' };
