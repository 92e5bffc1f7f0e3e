import * as v from 'valibot';
import { DEFAULT_POLL_SETTINGS, POLL_LIMITS, RESULTS_VISIBILITIES } from './poll-limits';
import { abortingCheck, boundedArray, integer, isContinuing, isoDateTime, strictObject, variant } from './schemas';
import { isPlainText } from './text';

export { DEFAULT_POLL_SETTINGS, POLL_LIMITS, RESULTS_VISIBILITIES, type ResultsVisibility } from './poll-limits';

/**
 * The poll model (DESIGN §4c): a superset of Team Voice's, whose bodies are accepted unchanged.
 * Input schemas validate what crosses the web trigger; output schemas describe what it answers
 * and feed the OpenAPI document. Every array and string is capped inside the schema, so a huge
 * input costs no more than its first few elements.
 */
export const POLL_PRODUCTS = ['jira', 'confluence'] as const;
export type PollProduct = (typeof POLL_PRODUCTS)[number];

export const POLL_STATUSES = ['open', 'closed'] as const;
export type PollStatus = (typeof POLL_STATUSES)[number];

/**
 * A string of `min`–`max` characters, counted as Unicode code points (as JSON Schema counts
 * them), so "⭐" and "😀" are one character each. One message per string, the first that applies:
 * the UTF-16 bound comes first, so counting never walks a huge string.
 */
function text(min: number, max: number, rule: 'any' | 'not-blank' = 'any') {
  const message = min > 0 ? `must be ${min}–${max} characters` : `must be at most ${max} characters`;
  return v.pipe(
    v.string(),
    abortingCheck<string>((value) => {
      if (value.length > max * 2) return message;
      if (!isPlainText(value)) return 'must not contain control characters or broken Unicode';
      if (!codePointLengthWithin(value, min, max)) return message;
      return undefined;
    }),
    v.check((value) => rule !== 'not-blank' || value.trim().length > 0, 'must not be blank'),
    // The JSON Schema says what the check checks, in code points as JSON Schema counts them.
    v.metadata({ minLength: min, maxLength: max }),
  );
}

function codePointLengthWithin(value: string, min: number, max: number): boolean {
  let count = 0;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    if (++count > max) return false;
  }
  return count >= min;
}

const TitleSchema = text(1, POLL_LIMITS.titleMaxLength, 'not-blank');
/** A voter's comment with a vote, where the poll allows one. */
export const CommentSchema = text(1, POLL_LIMITS.commentMaxLength, 'not-blank');
const DescriptionSchema = text(0, POLL_LIMITS.descriptionMaxLength);
const OptionTitleSchema = text(1, POLL_LIMITS.optionTitleMaxLength, 'not-blank');
const OptionIdSchema = v.pipe(
  v.string(),
  v.regex(
    new RegExp(`^[A-Za-z0-9_-]{1,${POLL_LIMITS.optionIdMaxLength}}$`),
    `must be 1–${POLL_LIMITS.optionIdMaxLength} letters, digits, - or _`,
  ),
);
const OptionOrderSchema = integer(0, POLL_LIMITS.maxOptionOrder);
const EndDateSchema = v.union(
  [v.literal(''), isoDateTime({ offset: true })],
  'must be an ISO date-time such as 2025-01-31T17:00:00Z, or ""',
);
const ResultsVisibilitySchema = v.picklist(RESULTS_VISIBILITIES, `must be one of ${RESULTS_VISIBILITIES.join(', ')}`);

/** Settings as given: each one optional, an absent one takes Team Voice's default. */
export const PollSettingsSchema = strictObject({
  allowSelectionOfMultipleOptions: v.optional(v.boolean(), DEFAULT_POLL_SETTINGS.allowSelectionOfMultipleOptions),
  resultsVisibility: v.optional(ResultsVisibilitySchema, DEFAULT_POLL_SETTINGS.resultsVisibility),
  endDate: v.optional(EndDateSchema, DEFAULT_POLL_SETTINGS.endDate),
  hideAbsoluteNumbers: v.optional(v.boolean(), DEFAULT_POLL_SETTINGS.hideAbsoluteNumbers),
  allowRevote: v.optional(v.boolean(), DEFAULT_POLL_SETTINGS.allowRevote),
  saveParticipantNames: v.optional(v.boolean(), DEFAULT_POLL_SETTINGS.saveParticipantNames),
  closePollOnEndDate: v.optional(v.boolean(), DEFAULT_POLL_SETTINGS.closePollOnEndDate),
  allowComment: v.optional(v.boolean(), DEFAULT_POLL_SETTINGS.allowComment),
});
export type PollSettings = v.InferOutput<typeof PollSettingsSchema>;

/** An option as given: Team Voice bodies may leave out `id` (on create) and `order`. */
export const PollOptionInputSchema = strictObject({
  id: v.optional(OptionIdSchema),
  title: OptionTitleSchema,
  order: v.optional(OptionOrderSchema),
});
export type PollOptionInput = v.InferInput<typeof PollOptionInputSchema>;

/** An option as stored and answered. */
export const PollOptionSchema = strictObject({ id: v.string(), title: v.string(), order: integer() });
export type PollOption = v.InferOutput<typeof PollOptionSchema>;

const OPTIONS_COUNT = `must have ${POLL_LIMITS.minOptions}–${POLL_LIMITS.maxOptions} options`;
const PollOptionsInputSchema = v.pipe(
  boundedArray(PollOptionInputSchema, {
    min: POLL_LIMITS.minOptions,
    max: POLL_LIMITS.maxOptions,
    tooFew: OPTIONS_COUNT,
    tooMany: OPTIONS_COUNT,
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    // Only options that could be read are compared.
    if (dataset.issues && !dataset.issues.every(isContinuing)) return;
    const options = dataset.value as v.InferOutput<typeof PollOptionInputSchema>[];
    const firstIndexById = new Map<string, number>();
    options.forEach((option, index) => {
      if (option.id === undefined) return;
      const first = firstIndexById.get(option.id);
      if (first === undefined) firstIndexById.set(option.id, index);
      else {
        addIssue({
          message: `duplicates the id of option ${first}`,
          path: [
            { type: 'array', origin: 'value', input: options, key: index, value: option },
            { type: 'object', origin: 'value', input: option, key: 'id', value: option.id },
          ],
        });
      }
    });
  }),
  v.transform((options) => completeOptions(options)),
);

/** Gives options without an id the smallest free "1", "2", …, and without an order their position. */
export function completeOptions(options: readonly PollOptionInput[]): PollOption[] {
  const taken = new Set(options.map((option) => option.id).filter((id): id is string => id !== undefined));
  let next = 1;
  return options.map((option, index) => {
    let id = option.id;
    if (id === undefined) {
      while (taken.has(String(next))) next++;
      id = String(next);
      taken.add(id);
    }
    return { id, title: option.title, order: option.order ?? index };
  });
}

const pollBodyShape = {
  title: TitleSchema,
  description: v.optional(DescriptionSchema, ''),
  options: PollOptionsInputSchema,
  settings: v.optional(PollSettingsSchema, DEFAULT_POLL_SETTINGS),
};

/** Create input: Team Voice's body (title, description, options, settings). */
export const PollBodySchema = strictObject(pollBodyShape);
export type PollBodyInput = v.InferInput<typeof PollBodySchema>;
export type PollBody = v.InferOutput<typeof PollBodySchema>;

/** Replace (PUT) input: the same, plus the `id` Team Voice sends, which must name the poll. */
export const PollReplaceBodySchema = strictObject({ ...pollBodyShape, id: v.optional(v.pipe(v.string(), v.maxLength(100))) });
export type PollReplaceBodyInput = v.InferInput<typeof PollReplaceBodySchema>;

/** A setting in a merge patch: absent (unchanged), `null` (reset to its default) or a new value. */
function patched<T extends v.GenericSchema>(schema: T): v.OptionalSchema<v.NullableSchema<T, undefined>, undefined> {
  return v.optional(v.nullable(schema));
}

/** Settings in a merge patch: `null` resets one to its default. */
const PollSettingsPatchSchema = strictObject({
  allowSelectionOfMultipleOptions: patched(v.boolean()),
  resultsVisibility: patched(ResultsVisibilitySchema),
  endDate: patched(EndDateSchema),
  hideAbsoluteNumbers: patched(v.boolean()),
  allowRevote: patched(v.boolean()),
  saveParticipantNames: patched(v.boolean()),
  closePollOnEndDate: patched(v.boolean()),
  allowComment: patched(v.boolean()),
});

/**
 * PATCH input, a JSON merge patch (RFC 7396): absent means unchanged; `null` removes the
 * description (to "") or resets settings (all, or one) to their defaults; arrays replace.
 * The merged poll is validated again with `PollBodySchema`.
 */
export const PollPatchSchema = strictObject({
  title: v.optional(TitleSchema),
  description: patched(DescriptionSchema),
  options: v.optional(PollOptionsInputSchema),
  settings: patched(PollSettingsPatchSchema),
});
export type PollPatchInput = v.InferInput<typeof PollPatchSchema>;
export type PollPatch = v.InferOutput<typeof PollPatchSchema>;

const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,49}$/;
const ISSUE_KEY = /^[A-Z][A-Z0-9_]{0,49}-[1-9][0-9]{0,17}$/;
const NUMERIC_ID = /^[1-9][0-9]{0,19}$/;
const MACRO_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const matching = (pattern: RegExp, message: string) => v.pipe(v.string(), v.regex(pattern, message));

const JiraLocationSchema = v.pipe(
  strictObject({
    product: v.literal('jira'),
    workspace: matching(PROJECT_KEY, 'must be a Jira project key such as PLAT'),
    content: matching(ISSUE_KEY, 'must be a Jira issue key such as PLAT-7'),
    container: v.literal('', 'must be empty for Jira'),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (dataset.issues && !dataset.issues.every(isContinuing)) return;
    const location = dataset.value as { workspace: string; content: string };
    // Only a well-formed key can belong to the wrong project; a malformed one is reported already.
    const wellFormed = PROJECT_KEY.test(location.workspace) && ISSUE_KEY.test(location.content);
    if (wellFormed && !location.content.startsWith(`${location.workspace}-`)) {
      addIssue({
        message: `must be an issue of project ${location.workspace}`,
        path: [{ type: 'object', origin: 'value', input: location, key: 'content', value: location.content }],
      });
    }
  }),
);

const ConfluenceLocationSchema = strictObject({
  product: v.literal('confluence'),
  workspace: matching(NUMERIC_ID, 'must be a Confluence space id such as 1001'),
  content: matching(NUMERIC_ID, 'must be a Confluence page id such as 2001'),
  container: matching(MACRO_ID, 'must be the macro id: 1–128 letters, digits or . _ : -'),
});

/**
 * Where a poll lives. Jira: project key, issue key of that project, no container. Confluence:
 * space id, page id, macro id.
 */
export const PollLocationSchema = variant('product', [JiraLocationSchema, ConfluenceLocationSchema]);
export type PollLocation = v.InferOutput<typeof PollLocationSchema>;

export function productOfWorkspace(workspace: string): PollProduct {
  return /^[0-9]+$/.test(workspace) ? 'confluence' : 'jira';
}

/** The REST create body (`POST /polls`): the poll plus where it goes. */
const shortText = v.pipe(v.string(), v.maxLength(128));

export const PollCreateRequestSchema = strictObject({
  ...pollBodyShape,
  workspace: shortText,
  content: shortText,
  container: v.optional(shortText),
});

/** A page of a listing: `limit` 1–100 (default 50) and the opaque cursor of the previous page. */
export const PollPageRequestSchema = strictObject({
  limit: v.optional(integer(1, 100, 'must be 1–100'), 50),
  cursor: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(4096))),
});
export type PollPageRequest = v.InferInput<typeof PollPageRequestSchema>;

export const PollCreatorSchema = strictObject({
  type: v.picklist(['token', 'user']),
  id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9:._-]{1,128}$/)),
});
export type PollCreator = v.InferOutput<typeof PollCreatorSchema>;

const count = () => integer(0);

/**
 * The results of a poll: `participants` people voted, choosing `totalVotes` options in all (more
 * than the participants when several options may be chosen). `percent` is the share of the
 * participants who chose the option, a whole number; with one choice each, they add up to 100.
 */
export const PollResultsSchema = strictObject({
  totalVotes: count(),
  participants: count(),
  options: v.array(strictObject({ id: v.string(), votes: count(), percent: integer(0, 100) })),
});
export type PollResults = v.InferOutput<typeof PollResultsSchema>;

/** A poll as answered. `results` only with `expand=results`. */
export const PollSchema = strictObject({
  id: v.string(),
  title: v.string(),
  description: v.string(),
  options: v.array(PollOptionSchema),
  settings: PollSettingsSchema,
  product: v.picklist(POLL_PRODUCTS),
  workspace: v.string(),
  content: v.string(),
  container: v.string(),
  status: v.picklist(POLL_STATUSES),
  version: integer(1),
  createdAt: isoDateTime(),
  updatedAt: isoDateTime(),
  createdBy: PollCreatorSchema,
  results: v.optional(PollResultsSchema),
});
export type Poll = v.InferOutput<typeof PollSchema>;

export const PollPageSchema = strictObject({ polls: v.array(PollSchema), nextCursor: v.nullable(v.string()) });
export type PollPage = v.InferOutput<typeof PollPageSchema>;
