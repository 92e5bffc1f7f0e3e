import * as z from 'zod/mini';
import { isPlainText } from './text';

/**
 * The poll model (DESIGN §4c): a superset of Team Voice's, whose bodies are accepted unchanged.
 * Input schemas validate what crosses the web trigger; output schemas describe what it answers
 * and feed the OpenAPI document. Every array and string is capped inside the schema, so a huge
 * input costs no more than its first few elements.
 */
export const POLL_LIMITS = {
  titleMaxLength: 255,
  descriptionMaxLength: 4000,
  minOptions: 2,
  maxOptions: 50,
  optionTitleMaxLength: 255,
  optionIdMaxLength: 64,
  maxOptionOrder: 1_000_000,
} as const;

export const RESULTS_VISIBILITIES = ['alwaysPublic', 'afterVote', 'afterClose', 'private'] as const;
export type ResultsVisibility = (typeof RESULTS_VISIBILITIES)[number];

export const POLL_PRODUCTS = ['jira', 'confluence'] as const;
export type PollProduct = (typeof POLL_PRODUCTS)[number];

export const POLL_STATUSES = ['open', 'closed'] as const;
export type PollStatus = (typeof POLL_STATUSES)[number];

export const DEFAULT_POLL_SETTINGS = {
  allowSelectionOfMultipleOptions: false,
  resultsVisibility: 'alwaysPublic',
  endDate: '',
  hideAbsoluteNumbers: false,
  allowRevote: false,
  saveParticipantNames: false,
  closePollOnEndDate: false,
  allowComment: false,
} as const satisfies Record<string, boolean | string>;

/**
 * A string of `min`–`max` characters, counted as Unicode code points (as JSON Schema counts
 * them), so "⭐" and "😀" are one character each. The UTF-16 bound aborts first, so counting
 * never walks a huge string.
 */
function text(min: number, max: number, rule: 'any' | 'not-blank' = 'any'): z.ZodMiniString<string> {
  const message = min > 0 ? `must be ${min}–${max} characters` : `must be at most ${max} characters`;
  const schema = z.string().check(
    z.maxLength(max * 2, { message, abort: true }),
    z.refine(isPlainText, { message: 'must not contain control characters or broken Unicode', abort: true }),
    z.refine((value) => codePointLengthWithin(value, min, max), { message, abort: true }),
  );
  const checked = rule === 'not-blank' ? schema.check(z.refine((value) => value.trim().length > 0, 'must not be blank')) : schema;
  // The JSON Schema says what the refinements check, in code points as JSON Schema counts them.
  return checked.register(z.globalRegistry, { minLength: min, maxLength: max });
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
const DescriptionSchema = text(0, POLL_LIMITS.descriptionMaxLength);
const OptionTitleSchema = text(1, POLL_LIMITS.optionTitleMaxLength, 'not-blank');
const OptionIdSchema = z.string().check(
  z.regex(new RegExp(`^[A-Za-z0-9_-]{1,${POLL_LIMITS.optionIdMaxLength}}$`), {
    message: `must be 1–${POLL_LIMITS.optionIdMaxLength} letters, digits, - or _`,
  }),
);
const OptionOrderSchema = z.int().check(z.minimum(0), z.maximum(POLL_LIMITS.maxOptionOrder));
const EndDateSchema = z.union([z.literal(''), z.iso.datetime({ offset: true })], {
  error: 'must be an ISO date-time such as 2025-01-31T17:00:00Z, or ""',
});
const ResultsVisibilitySchema = z.enum(RESULTS_VISIBILITIES, { error: `must be one of ${RESULTS_VISIBILITIES.join(', ')}` });

/** Settings as given: each one optional, an absent one takes Team Voice's default. */
export const PollSettingsSchema = z.strictObject({
  allowSelectionOfMultipleOptions: z._default(z.boolean(), DEFAULT_POLL_SETTINGS.allowSelectionOfMultipleOptions),
  resultsVisibility: z._default(ResultsVisibilitySchema, DEFAULT_POLL_SETTINGS.resultsVisibility),
  endDate: z._default(EndDateSchema, DEFAULT_POLL_SETTINGS.endDate),
  hideAbsoluteNumbers: z._default(z.boolean(), DEFAULT_POLL_SETTINGS.hideAbsoluteNumbers),
  allowRevote: z._default(z.boolean(), DEFAULT_POLL_SETTINGS.allowRevote),
  saveParticipantNames: z._default(z.boolean(), DEFAULT_POLL_SETTINGS.saveParticipantNames),
  closePollOnEndDate: z._default(z.boolean(), DEFAULT_POLL_SETTINGS.closePollOnEndDate),
  allowComment: z._default(z.boolean(), DEFAULT_POLL_SETTINGS.allowComment),
});
export type PollSettings = z.output<typeof PollSettingsSchema>;

/** An option as given: Team Voice bodies may leave out `id` (on create) and `order`. */
export const PollOptionInputSchema = z.strictObject({
  id: z.optional(OptionIdSchema),
  title: OptionTitleSchema,
  order: z.optional(OptionOrderSchema),
});
export type PollOptionInput = z.input<typeof PollOptionInputSchema>;

/** An option as stored and answered. */
export const PollOptionSchema = z.strictObject({ id: z.string(), title: z.string(), order: z.int() });
export type PollOption = z.output<typeof PollOptionSchema>;

const OPTIONS_COUNT = `must have ${POLL_LIMITS.minOptions}–${POLL_LIMITS.maxOptions} options`;
const PollOptionsInputSchema = z.pipe(
  z.array(PollOptionInputSchema).check(
    z.minLength(POLL_LIMITS.minOptions, OPTIONS_COUNT),
    z.maxLength(POLL_LIMITS.maxOptions, OPTIONS_COUNT),
    z.superRefine((options, context) => {
      const firstIndexById = new Map<string, number>();
      options.forEach((option, index) => {
        if (option.id === undefined) return;
        const first = firstIndexById.get(option.id);
        if (first === undefined) firstIndexById.set(option.id, index);
        else context.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicates the id of option ${first}` });
      });
    }),
  ),
  z.transform((options) => completeOptions(options)),
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
  description: z._default(DescriptionSchema, ''),
  options: PollOptionsInputSchema,
  settings: z._default(PollSettingsSchema, DEFAULT_POLL_SETTINGS),
};

/** Create input: Team Voice's body (title, description, options, settings). */
export const PollBodySchema = z.strictObject(pollBodyShape);
export type PollBodyInput = z.input<typeof PollBodySchema>;
export type PollBody = z.output<typeof PollBodySchema>;

/** Replace (PUT) input: the same, plus the `id` Team Voice sends, which must name the poll. */
export const PollReplaceBodySchema = z.strictObject({ ...pollBodyShape, id: z.optional(z.string().check(z.maxLength(100))) });
export type PollReplaceBodyInput = z.input<typeof PollReplaceBodySchema>;

/** A setting in a merge patch: absent (unchanged), `null` (reset to its default) or a new value. */
function patched<T extends z.ZodMiniType>(schema: T): z.ZodMiniOptional<z.ZodMiniNullable<T>> {
  return z.optional(z.nullable(schema));
}

/** Settings in a merge patch: `null` resets one to its default. */
const PollSettingsPatchSchema = z.strictObject({
  allowSelectionOfMultipleOptions: patched(z.boolean()),
  resultsVisibility: patched(ResultsVisibilitySchema),
  endDate: patched(EndDateSchema),
  hideAbsoluteNumbers: patched(z.boolean()),
  allowRevote: patched(z.boolean()),
  saveParticipantNames: patched(z.boolean()),
  closePollOnEndDate: patched(z.boolean()),
  allowComment: patched(z.boolean()),
});

/**
 * PATCH input, a JSON merge patch (RFC 7396): absent means unchanged; `null` removes the
 * description (to "") or resets settings (all, or one) to their defaults; arrays replace.
 * The merged poll is validated again with `PollBodySchema`.
 */
export const PollPatchSchema = z.strictObject({
  title: z.optional(TitleSchema),
  description: patched(DescriptionSchema),
  options: z.optional(PollOptionsInputSchema),
  settings: patched(PollSettingsPatchSchema),
});
export type PollPatchInput = z.input<typeof PollPatchSchema>;
export type PollPatch = z.output<typeof PollPatchSchema>;

const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,49}$/;
const ISSUE_KEY = /^[A-Z][A-Z0-9_]{0,49}-[1-9][0-9]{0,17}$/;
const NUMERIC_ID = /^[1-9][0-9]{0,19}$/;
const MACRO_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const matching = (pattern: RegExp, message: string): z.ZodMiniString<string> => z.string().check(z.regex(pattern, message));

const JiraLocationSchema = z
  .strictObject({
    product: z.literal('jira'),
    workspace: matching(PROJECT_KEY, 'must be a Jira project key such as PLAT'),
    content: matching(ISSUE_KEY, 'must be a Jira issue key such as PLAT-7'),
    container: z.literal('', { error: 'must be empty for Jira' }),
  })
  .check(
    z.superRefine((location, context) => {
      // Only a well-formed key can belong to the wrong project; a malformed one is reported already.
      const wellFormed = PROJECT_KEY.test(location.workspace) && ISSUE_KEY.test(location.content);
      if (wellFormed && !location.content.startsWith(`${location.workspace}-`)) {
        context.addIssue({ code: 'custom', path: ['content'], message: `must be an issue of project ${location.workspace}` });
      }
    }),
  );

const ConfluenceLocationSchema = z.strictObject({
  product: z.literal('confluence'),
  workspace: matching(NUMERIC_ID, 'must be a Confluence space id such as 1001'),
  content: matching(NUMERIC_ID, 'must be a Confluence page id such as 2001'),
  container: matching(MACRO_ID, 'must be the macro id: 1–128 letters, digits or . _ : -'),
});

/**
 * Where a poll lives. Jira: project key, issue key of that project, no container. Confluence:
 * space id, page id, macro id.
 */
export const PollLocationSchema = z.discriminatedUnion('product', [JiraLocationSchema, ConfluenceLocationSchema]);
export type PollLocation = z.output<typeof PollLocationSchema>;

/** Team Voice's `workspace` is a project key in Jira and a (numeric) space id in Confluence. */
export function productOfWorkspace(workspace: string): PollProduct {
  return /^[0-9]+$/.test(workspace) ? 'confluence' : 'jira';
}

/** The REST create body (`POST /polls`): the poll plus where it goes. */
const shortText = z.string().check(z.maxLength(128));

export const PollCreateRequestSchema = z.strictObject({
  ...pollBodyShape,
  workspace: shortText,
  content: shortText,
  container: z.optional(shortText),
});

/** A page of a listing: `limit` 1–100 (default 50) and the opaque cursor of the previous page. */
export const PollPageRequestSchema = z.strictObject({
  limit: z._default(z.int().check(z.minimum(1, 'must be 1–100'), z.maximum(100, 'must be 1–100')), 50),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(4096))),
});
export type PollPageRequest = z.input<typeof PollPageRequestSchema>;

export const PollCreatorSchema = z.strictObject({
  type: z.enum(['token', 'user']),
  id: z.string().check(z.regex(/^[A-Za-z0-9:._-]{1,128}$/)),
});
export type PollCreator = z.output<typeof PollCreatorSchema>;

const count = (): z.ZodMiniNumber<number> => z.int().check(z.minimum(0));

export const PollResultsSchema = z.strictObject({
  totalVotes: count(),
  options: z.array(z.strictObject({ id: z.string(), votes: count() })),
});
export type PollResults = z.output<typeof PollResultsSchema>;

/** A poll as answered. `results` only with `expand=results`. */
export const PollSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  options: z.array(PollOptionSchema),
  settings: PollSettingsSchema,
  product: z.enum(POLL_PRODUCTS),
  workspace: z.string(),
  content: z.string(),
  container: z.string(),
  status: z.enum(POLL_STATUSES),
  version: z.int().check(z.minimum(1)),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  createdBy: PollCreatorSchema,
  results: z.optional(PollResultsSchema),
});
export type Poll = z.output<typeof PollSchema>;

export const PollPageSchema = z.strictObject({ polls: z.array(PollSchema), nextCursor: z.nullable(z.string()) });
export type PollPage = z.output<typeof PollPageSchema>;
