import path from 'node:path';
import * as v from 'valibot';
import { loadManifest } from '../../local/manifest';
import { CreatePollInputsSchema, PollRefInputsSchema } from '../../src/actions/action-inputs';
import { ACTION_KEYS } from '../../src/shared/actions';
import { OPTION_TEMPLATES } from '../../src/shared/poll-templates';
import { TEMPLATES } from '../../static/poll/src/manage/templates';
import { REPO_ROOT } from '../support/local-process';

/**
 * The actions' names, inputs and outputs are a contract with every saved rule: "the fields …
 * defined by the outputs section in the app's manifest … effectively forms a contract with the
 * rules that use the app's action" (build-a-jira-automation-action). The manifest, the code's
 * schemas and the shared types must name the same things.
 */
const manifest = loadManifest(path.join(REPO_ROOT, 'manifest.yml'));

const optionalIn = (
  schema: v.ObjectSchema<v.ObjectEntries, undefined> | v.StrictObjectSchema<v.ObjectEntries, undefined>,
  name: string,
): boolean => schema.entries[name]?.type === 'optional';

describe('the action modules', () => {
  it('are the three actions, each in Automation (an actionProvider) and in Rovo (an agent)', () => {
    expect([...manifest.actions.keys()]).toEqual(Object.values(ACTION_KEYS));
    for (const action of manifest.actions.values()) {
      expect(action).toMatchObject({ inAutomation: true, inRovo: true, configResourceKey: 'automation' });
    }
  });

  it.each([
    [ACTION_KEYS.createPoll, CreatePollInputsSchema],
    [ACTION_KEYS.getPollResults, PollRefInputsSchema],
    [ACTION_KEYS.closePoll, PollRefInputsSchema],
  ])('%s declares exactly the inputs its schema reads, required where the schema requires them', (key, schema) => {
    const inputs = manifest.actions.get(key)!.inputs;
    expect([...inputs.keys()].sort()).toEqual(Object.keys(schema.entries).sort());
    for (const [name, input] of inputs) expect([name, input.required]).toEqual([name, !optionalIn(schema, name)]);
  });

  it('declares the outputs each action answers, typed', () => {
    const outputs = (key: string): Record<string, string> =>
      Object.fromEntries([...manifest.actions.get(key)!.outputs].map(([name, o]) => [name, `${o.type}${o.nullable ? '?' : ''}`]));
    expect(outputs(ACTION_KEYS.createPoll)).toEqual({ pollId: 'string', issueKey: 'string', pollUrl: 'string?' });
    expect(outputs(ACTION_KEYS.getPollResults)).toEqual({
      pollId: 'string',
      title: 'string',
      status: 'string',
      totalVotes: 'integer?',
      participants: 'integer?',
      leadingOption: 'string?',
      resultsJson: 'string',
    });
    expect(outputs(ACTION_KEYS.closePoll)).toEqual({ pollId: 'string', status: 'string' });
  });
});

describe('option templates', () => {
  it('offer the poll editor every named set an action may name, and a blank start', () => {
    expect(TEMPLATES.slice(0, OPTION_TEMPLATES.length)).toEqual(OPTION_TEMPLATES);
    expect(TEMPLATES.map((t) => t.id)).toEqual([...OPTION_TEMPLATES.map((t) => t.id), 'blank']);
  });
});
