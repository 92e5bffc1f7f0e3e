import * as v from 'valibot';

/**
 * The few schemas whose rules the API states differently from valibot's own. Each is the valibot
 * schema of that name — same type, same JSON Schema — validated by the rule here:
 *
 * - an object is not an array, every unknown key is named, and an absent key is validated as
 *   `undefined`, so its own schema says what is missing ("is required", "must be empty for Jira");
 * - an array longer than its maximum fails before any element is parsed, so a huge input costs
 *   no more than its length; its minimum is reported alongside its elements' problems;
 * - a number is finite, as JSON numbers are (`1e400` parses to Infinity).
 *
 * Some checks make the value unusable when they fail (`abortingCheck`): later checks on the value
 * are skipped, and so are the checks of its container that read it (`isContinuing`).
 */

/** A dataset as a schema's `~run` receives and answers it, which it may change in place. */
type Dataset = { typed?: boolean; value: unknown; issues?: v.BaseIssue<unknown>[] };
type Config = v.Config<v.BaseIssue<unknown>>;

/** The issues after which the value they are about cannot be used (see `abortingCheck`). */
const UNUSABLE = new WeakSet<v.BaseIssue<unknown>>();

/** The same schema, validated by `run` (`this` is the schema). */
function validatedBy<TSchema extends v.GenericSchema>(
  schema: TSchema,
  run: (this: TSchema, dataset: Dataset, config: Config) => Dataset,
): TSchema {
  return v._standardSchema({ ...schema, '~run': run } as unknown as TSchema);
}

/** Runs a schema on a dataset. */
function runOn(schema: v.GenericSchema, dataset: Dataset, config: Config): Dataset {
  return schema['~run'](dataset as v.UnknownDataset, config) as Dataset;
}

/** Marks the dataset's last issue as making its value unusable. */
function markUnusable(dataset: Dataset): void {
  const issue = dataset.issues?.at(-1);
  if (issue) UNUSABLE.add(issue);
  dataset.typed = false;
}

/**
 * A check that answers what is wrong with a value, if anything; its failure makes the value
 * unusable, so the checks after it in the pipe are skipped.
 */
export function abortingCheck<TInput>(problem: (value: TInput) => string | undefined): v.RawCheckAction<TInput> {
  return v.rawCheck<TInput>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const message = problem(dataset.value);
    if (message === undefined) return;
    addIssue({ message });
    markUnusable(dataset as Dataset);
  });
}

/** An unknown key of a strict object. */
export function isUnknownKey(issue: v.BaseIssue<unknown>): boolean {
  return issue.type === 'strict_object' && issue.expected === 'never' && issue.path?.at(-1)?.origin === 'key';
}

/**
 * Whether checks that read a value may still run after this issue: yes after a failed check
 * (unless it made the value unusable) and after an unknown key; no after a wrong type or value.
 */
export function isContinuing(issue: v.BaseIssue<unknown>): boolean {
  return issue.kind === 'validation' ? !UNUSABLE.has(issue) : isUnknownKey(issue);
}

/** A schema an object's key may be absent for, taking nothing in its place. */
export function isOptionalWithoutDefault(schema: v.GenericSchema): boolean {
  return ['optional', 'exact_optional', 'nullish'].includes(schema.type) && (schema as { default?: unknown }).default === undefined;
}

/** A plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object of exactly these entries (see above for how it differs from `v.strictObject`). */
export function strictObject<const TEntries extends v.ObjectEntries>(entries: TEntries): v.StrictObjectSchema<TEntries, undefined> {
  return validatedBy(v.strictObject(entries), function (dataset, config) {
    const input = dataset.value;
    if (!isRecord(input)) {
      v._addIssue(this, 'type', dataset as v.UnknownDataset, config);
      return dataset;
    }
    const output: Record<string, unknown> = {};
    dataset.typed = true;
    for (const key in this.entries) {
      const schema = this.entries[key]!;
      // An absent optional key stays absent; one with a default takes it.
      if (!(key in input) && isOptionalWithoutDefault(schema)) continue;
      const value = input[key];
      const entry = runOn(schema, { value }, config);
      const pathItem: v.ObjectPathItem = { type: 'object', origin: 'value', input, key, value };
      for (const issue of entry.issues ?? []) {
        (issue as { path?: v.IssuePathItem[] }).path = [pathItem, ...(issue.path ?? [])];
        (dataset.issues ??= []).push(issue);
      }
      if (!entry.typed) dataset.typed = false;
      output[key] = entry.value;
    }
    for (const key of Object.keys(input)) {
      if (!Object.hasOwn(this.entries, key)) {
        const path: [v.ObjectPathItem] = [{ type: 'object', origin: 'key', input, key, value: input[key] }];
        v._addIssue(this, 'key', dataset as v.UnknownDataset, config, { input: key, expected: 'never', path });
      }
    }
    dataset.value = output;
    return dataset;
  });
}

/** A discriminated union of objects (an array is not one of them). */
export function variant<const TKey extends string, const TOptions extends v.VariantOptions<TKey>>(
  key: TKey,
  options: TOptions,
): v.VariantSchema<TKey, TOptions, undefined> {
  const schema = v.variant(key, options);
  return validatedBy(schema, function (dataset, config) {
    if (!Array.isArray(dataset.value)) return runOn(schema, dataset, config);
    v._addIssue(this, 'type', dataset as v.UnknownDataset, config);
    return dataset;
  });
}

/**
 * An array of `min`–`max` items. One longer than `max` fails before any item is parsed; one
 * shorter than `min` is reported alongside its items' problems, unless an item is unusable.
 */
export function boundedArray<const TItem extends v.GenericSchema>(
  item: TItem,
  bounds: { min?: number; max: number; tooFew?: string; tooMany?: string },
) {
  const min = v.minLength<v.InferOutput<TItem>[], number, string | undefined>(bounds.min ?? 0, bounds.tooFew);
  const max = v.maxLength<v.InferOutput<TItem>[], number, string | undefined>(bounds.max, bounds.tooMany);
  const schema = v.pipe(v.array(item), min, max);
  const array = schema.pipe[0];
  return validatedBy(schema, function (dataset, config) {
    const input = dataset.value;
    if (Array.isArray(input) && input.length > max.requirement) {
      v._addIssue(max, 'length', dataset as v.UnknownDataset, config, { received: `${input.length}` });
      markUnusable(dataset);
      return dataset;
    }
    const result = runOn(array, dataset, config);
    if (Array.isArray(input) && input.length < min.requirement && !result.issues?.some((issue) => UNUSABLE.has(issue))) {
      v._addIssue(min, 'length', result as v.UnknownDataset, config, { received: `${input.length}` });
    }
    return result;
  });
}

/**
 * A number JSON can carry. Not `v.number()`, which takes Infinity (what JSON.parse makes of
 * `1e400`); a non-finite number is no number here.
 */
function finiteNumber(): v.NumberSchema<undefined> {
  return validatedBy(v.number(), function (dataset, config) {
    if (typeof dataset.value === 'number' && Number.isFinite(dataset.value)) dataset.typed = true;
    else v._addIssue(this, 'type', dataset as v.UnknownDataset, config);
    return dataset;
  });
}

/**
 * An integer, at least `min` and at most `max` when given (`message` for one outside). A fraction
 * is unusable ("must be an integer"); an integer beyond ±2^53, where arithmetic is inexact, is
 * refused as well.
 */
export function integer(min?: number, max?: number, message?: string): v.GenericSchema<number> {
  const whole = v.pipe(
    finiteNumber(),
    abortingCheck<number>((value) => (Number.isInteger(value) ? undefined : 'must be an integer')),
    v.safeInteger(),
  );
  const atLeast: v.GenericSchema<number> = min === undefined ? whole : v.pipe(whole, v.minValue(min, message));
  return max === undefined ? atLeast : v.pipe(atLeast, v.maxValue(max, message));
}

const DATE = String.raw`(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))`;
const TIME = String.raw`(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?`;
const OFFSET = String.raw`([+-](?:[01]\d|2[0-3]):[0-5]\d)`;

/**
 * An ISO 8601 date-time with seconds, of a real calendar day (no February 30), in UTC (`Z`) or,
 * with `offset`, also at an offset such as `+02:00`. Not `v.isoTimestamp()`, which takes
 * February 30, a space for the `T` and offsets without a colon.
 */
export function isoDateTime(options: { offset?: boolean } = {}, message?: string) {
  const pattern = new RegExp(`^${DATE}T(?:${TIME}(?:Z${options.offset ? `|${OFFSET}` : ''}))$`);
  return v.pipe(v.string(message), v.regex(pattern, message), v.metadata({ format: 'date-time' }));
}

const UUID =
  /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/;

/** A UUID of version 1–8 (RFC 9562), or the nil or max UUID. Not `v.uuid()`, which takes any hex digits. */
export function uuid() {
  return v.pipe(v.string(), v.regex(UUID), v.metadata({ format: 'uuid' }));
}
