/**
 * Forge refuses a custom entity's `string` attribute that is empty or holds only whitespace
 * (storage-reference/entities-manifest, "Values"): such a value must be left out instead.
 * `EntityText` is a string known to be storable; stored record types use it for every `string`
 * attribute, so a blank string cannot reach a write without a type error.
 */
declare const STORABLE: unique symbol;
export type EntityText = string & { readonly [STORABLE]: true };

/** The value as storable text, or undefined when it must be left out (absent, empty or blank). */
export function entityText(value: string | null | undefined): EntityText | undefined {
  return value !== null && value !== undefined && /\S/u.test(value) ? (value as EntityText) : undefined;
}

/** For values that are never blank by construction (ids, timestamps, enum names). */
export function requiredText(value: string, attribute: string): EntityText {
  const text = entityText(value);
  if (text === undefined) throw new Error(`Attribute '${attribute}' must not be blank.`);
  return text;
}

/** What a left-out text attribute reads back as. Records written before this rule may hold ''. */
export function textOf(value: string | undefined): string {
  return value ?? '';
}
