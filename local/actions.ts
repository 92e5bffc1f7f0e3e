import type { ActionDeclaration, ActionIoType } from './manifest';
import type { FixtureSite } from './product/fixture-site';

/**
 * What Automation does around an action's function (manifest-reference/modules/automation-action):
 * checks a rule's configuration before saving it ("Rule Validation"), resolves the smart values
 * in it when the rule runs ("Accepting Smart Values": "When Automation executes your action, it
 * will pass on the resolved value"), and reads what the function answers ("Communicating
 * errors", "outputs").
 */

/** "The total size of the configuration, as a JSON, should not exceed 100 kilobytes" — 100,000 bytes, the stricter reading. */
export const MAX_CONFIGURATION_BYTES = 100_000;

/** Automation's message for each invalid input, in the shape the form finds in `extension.errors.invalidInputs`. */
export type InvalidInputs = Record<string, { message: string }>;

/**
 * "The configuration should contain fields corresponding to the inputs declared in the manifest
 * module. Every field type and size is validated against the input declaration. Fields present
 * in the configuration but not declared as inputs in the manifest will be rejected." A required
 * input that is absent, null or empty text is missing ("issueKey is required", as the page's
 * example words it). No size per input is documented, so none is checked beyond the total.
 */
export function invalidInputsOf(action: ActionDeclaration, inputs: Record<string, unknown>): InvalidInputs {
  const invalid: InvalidInputs = {};
  for (const name of Object.keys(inputs)) {
    if (!action.inputs.has(name)) invalid[name] = { message: `${name} is not an input of this action` };
  }
  for (const [name, input] of action.inputs) {
    const value = inputs[name];
    if (value === undefined || value === null || value === '') {
      if (input.required) invalid[name] = { message: `${name} is required` };
    } else if (!hasType(value, input.type)) {
      invalid[name] = { message: `${name} must be ${input.type === 'integer' ? 'an integer' : `a ${input.type}`}` };
    }
  }
  return invalid;
}

export function configurationBytes(inputs: Record<string, unknown>): number {
  return Buffer.byteLength(JSON.stringify(inputs), 'utf8');
}

function hasType(value: unknown, type: ActionIoType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
  }
}

/** The rule a run belongs to, for `{{rule.…}}`. */
export type RuleContext = { name?: string };

/**
 * The smart values a run can resolve: the rule's issue (`{{issue.key}}`, `{{issue.id}}`,
 * `{{issue.summary}}`, `{{issue.url}}`, `{{issue.project.key}}`, `{{issue.project.id}}`,
 * `{{issue.project.name}}`, `{{issue.issueType.name}}`), `{{baseUrl}}` and `{{rule.name}}` — the
 * ones Automation's smart value reference names that a fixture site can answer. Functions
 * (`{{now.plusDays(1)}}`) and sections (`{{#…}}`) are not emulated.
 */
export function smartValuesFor(site: FixtureSite, issueKey: string | undefined, rule: RuleContext): Record<string, string> {
  const values: Record<string, string> = { baseUrl: site.data.siteUrl, 'rule.name': rule.name ?? 'Local rule' };
  const found = issueKey === undefined ? undefined : site.findIssue(issueKey);
  if (found) {
    const { issue, project } = found;
    Object.assign(values, {
      'issue.key': issue.key,
      'issue.id': issue.id,
      'issue.summary': issue.summary,
      'issue.url': `${site.data.siteUrl}/browse/${issue.key}`,
      'issue.project.key': project.key,
      'issue.project.id': project.id,
      'issue.project.name': project.name,
      'issue.issueType.name': site.issueType(issue).name,
    });
  }
  return values;
}

const SMART_VALUE = /\{\{\s*([^{}]*?)\s*\}\}/g;

/**
 * Every smart value in the text inputs replaced by its value. One the run cannot resolve (no
 * issue in the rule, or not emulated) becomes empty text, as Automation renders a smart value
 * with no value — so the function must cope with empty inputs — and is reported.
 */
export function resolveSmartValues(
  inputs: Record<string, unknown>,
  values: Record<string, string>,
): { inputs: Record<string, unknown>; unresolved: string[] } {
  const unresolved = new Set<string>();
  const resolved = Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [
      name,
      typeof value === 'string'
        ? value.replace(SMART_VALUE, (whole: string, path: string) => {
            const known = values[path];
            if (known === undefined) unresolved.add(whole);
            return known ?? '';
          })
        : value,
    ]),
  );
  return { inputs: resolved, unresolved: [...unresolved] };
}

export type ActionAnswer =
  | { kind: 'outputs'; outputs: Record<string, unknown> }
  | { kind: 'errors'; errors: Array<{ message: string }> }
  | { kind: 'invalid'; problem: string };

/**
 * What Automation makes of a function's answer: `{ errors: [{ message }] }` fails the action
 * with those messages for the rule owner; anything else succeeds, and its fields are the
 * action's declared outputs. The page says outputs have a type and may be nullable, and that
 * they "form a contract with the rules that use the app's action", but not what Automation does
 * with an answer that breaks it: the runtime refuses one (an undeclared field, a wrong type, a
 * missing or null non-nullable output) — the reading that is harder on the app.
 */
export function readAnswer(action: ActionDeclaration, answer: unknown): ActionAnswer {
  if (isRecord(answer) && 'errors' in answer) {
    const errors = answer['errors'];
    if (Array.isArray(errors) && errors.length > 0 && errors.every((e) => isRecord(e) && typeof e['message'] === 'string')) {
      return { kind: 'errors', errors: errors.map((e) => ({ message: String((e as { message: string }).message) })) };
    }
    return { kind: 'invalid', problem: 'its errors must be a non-empty list of { message: string }' };
  }
  if (action.outputs.size === 0) return { kind: 'outputs', outputs: {} };
  if (!isRecord(answer)) return { kind: 'invalid', problem: 'an action with outputs must answer an object of them' };
  const problems: string[] = [];
  for (const name of Object.keys(answer)) if (!action.outputs.has(name)) problems.push(`${name} is not a declared output`);
  for (const [name, output] of action.outputs) {
    const value = answer[name];
    if (value === undefined || value === null) {
      if (!output.nullable) problems.push(`${name} is not nullable`);
    } else if (!hasType(value, output.type)) {
      problems.push(`${name} must be ${output.type === 'integer' ? 'an integer' : `a ${output.type}`}`);
    }
  }
  if (problems.length > 0) return { kind: 'invalid', problem: problems.join('; ') };
  return { kind: 'outputs', outputs: Object.fromEntries([...action.outputs.keys()].map((name) => [name, answer[name] ?? null])) };
}

const PAST_TENSE: Record<ActionDeclaration['actionVerb'], string> = {
  GET: 'fetched',
  CREATE: 'created',
  UPDATE: 'updated',
  DELETE: 'deleted',
  TRIGGER: 'triggered',
};

/**
 * The smart value that holds an action's outputs in later rule components, "derived by combining
 * the values specified for the fields actionVerb, outputDomain and entityName": the page's
 * tutorial shows GET + jira + requirement as `fetchedJiraRequirement`. The other verbs' words
 * are a GUESS by the same pattern.
 */
export function smartValueOperator(action: ActionDeclaration): string | undefined {
  if (!action.outputContext) return undefined;
  const capital = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);
  const domain = action.outputContext.outputDomain.split('-').map(capital).join('');
  return `${PAST_TENSE[action.actionVerb]}${domain}${capital(action.outputContext.entityName)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
