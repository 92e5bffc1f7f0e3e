import * as v from 'valibot';
import { fieldErrorsOf, invalid } from '../shared/field-errors';
import { integer, strictObject, uuid } from '../shared/schemas';

/**
 * The inputs of each action, as the manifest declares them. Automation checks types and refuses
 * undeclared inputs before it saves a rule (manifest-reference/modules/automation-action, "Rule
 * Validation"), but Rovo's inputs come from a language model ("subject to hallucination",
 * manifest-reference/modules/rovo-action): everything is checked again here. Smart values that
 * resolved to nothing arrive as empty text, which counts as not given.
 */
const ISSUE_KEY = /^[A-Z][A-Z0-9_]{0,49}-[1-9][0-9]{0,17}$/;

/** Text that may be empty; blank is taken as absent. */
const optionalText = (max: number) =>
  v.optional(
    v.pipe(
      v.string('must be text'),
      v.maxLength(max, `must be at most ${max} characters`),
      v.transform((text) => (text.trim() === '' ? undefined : text)),
    ),
  );

const issueKey = v.optional(
  v.pipe(
    v.string('must be text'),
    v.trim(),
    v.toUpperCase(),
    v.transform((text) => (text === '' ? undefined : text)),
    v.check((text) => text === undefined || ISSUE_KEY.test(text), 'must be a Jira work item key such as PLAT-7'),
  ),
);

// The poll's own limits (title 1–255 and so on) are the poll service's: these only bound the text.
export const CreatePollInputsSchema = strictObject({
  issueKey,
  title: v.pipe(v.string('must be text'), v.maxLength(2000, 'must be 1–255 characters')),
  description: optionalText(20_000),
  options: v.pipe(v.string('must be text'), v.maxLength(20_000, 'must be at most 50 options of 1–255 characters')),
  settings: optionalText(20_000),
  // Its range is the poll's to check (poll-inputs.ts), with the other rules of the poll.
  closeAfterDays: v.optional(integer()),
  rule: optionalText(1000),
  siteUrl: optionalText(1000),
});

export const PollRefInputsSchema = strictObject({
  pollId: v.optional(
    v.pipe(
      v.string('must be text'),
      v.trim(),
      v.transform((text) => (text === '' ? undefined : text)),
      v.check((text) => text === undefined || v.is(uuid(), text), 'must be a poll id such as 0b5f3c1e-…, as Create poll outputs it'),
    ),
  ),
  issueKey,
  rule: optionalText(1000),
});

type Parsed<S extends v.GenericSchema> = v.InferOutput<S>;

/** The inputs, or a validation error naming every input that is wrong. */
export function parseInputs<S extends typeof CreatePollInputsSchema | typeof PollRefInputsSchema>(schema: S, inputs: unknown): Parsed<S> {
  const parsed = v.safeParse(schema, inputs);
  if (!parsed.success) throw invalid(fieldErrorsOf(parsed.issues));
  return parsed.output as Parsed<S>;
}
