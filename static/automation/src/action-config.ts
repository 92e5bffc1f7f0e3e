import { events, view } from '@forge/bridge';

/**
 * The form's side of Automation's configuration panel (manifest-reference/modules/automation-action,
 * "Action configuration"): the saved inputs and Automation's complaints about them come in the
 * context (`extension.data.inputs`, `extension.errors.invalidInputs`); the form hands every change
 * to `view.submit()` — which is also what enables Automation's Next button — and submits again
 * when Next sends `AUTOMATION_ACTION_SUBMIT`. While Automation validates the rule it says so with
 * `AUTOMATION_ACTION_VALIDATE_RULE_EVENT` (`{ isValidating }`), and the form holds still.
 */
export type Inputs = Record<string, unknown>;

export type ConfigContext = {
  /** The action's module key: which form to show. */
  actionKey: string;
  inputs: Inputs;
  /** Automation's message for each invalid input, by input name. */
  invalid: Record<string, string>;
};

type Extension = { data?: { inputs?: unknown }; errors?: { invalidInputs?: Record<string, { message?: unknown } | undefined> } };

export async function loadConfig(): Promise<ConfigContext> {
  const context = await view.getContext();
  const extension = (context.extension ?? {}) as Extension;
  const inputs = extension.data?.inputs;
  const invalid: Record<string, string> = {};
  for (const [name, problem] of Object.entries(extension.errors?.invalidInputs ?? {})) {
    if (typeof problem?.message === 'string') invalid[name] = problem.message;
  }
  return {
    actionKey: context.moduleKey,
    inputs: typeof inputs === 'object' && inputs !== null && !Array.isArray(inputs) ? (inputs as Inputs) : {},
    invalid,
  };
}

export function submitConfig(inputs: Inputs): void {
  view.submit(inputs).catch((error: unknown) => console.error('Automation did not take the configuration', error));
}

/** Calls `listener` on each event until the returned function is called. */
function subscribe<P>(event: string, listener: (payload: P) => void): () => void {
  const subscription = events.on(event, listener as (payload: unknown) => void);
  return () => void subscription.then((s) => s.unsubscribe()).catch(() => undefined);
}

export function onNext(listener: () => void): () => void {
  return subscribe('AUTOMATION_ACTION_SUBMIT', listener);
}

export function onValidating(listener: (validating: boolean) => void): () => void {
  return subscribe<{ isValidating?: unknown }>('AUTOMATION_ACTION_VALIDATE_RULE_EVENT', (payload) =>
    listener(payload?.isValidating === true),
  );
}
