import fc from 'fast-check';
import * as v from 'valibot';
import { fieldErrorsOf } from '../../src/shared/field-errors';
import {
  DEFAULT_POLL_SETTINGS,
  PollBodySchema,
  PollLocationSchema,
  PollPatchSchema,
  PollReplaceBodySchema,
  productOfWorkspace,
  RESULTS_VISIBILITIES,
} from '../../src/shared/polls';
import { STAR_POLL } from '../support/team-voice';

const TEAM_VOICE_EXAMPLE = STAR_POLL;

const body = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...structuredClone(TEAM_VOICE_EXAMPLE),
  ...overrides,
});
const options = (count: number): Array<{ title: string }> => Array.from({ length: count }, (_, i) => ({ title: `Option ${i + 1}` }));

function errorsOf(schema: v.GenericSchema, input: unknown): Array<{ field: string; message: string }> {
  const result = v.safeParse(schema, input);
  return result.success ? [] : fieldErrorsOf(result.issues);
}
const fieldsOf = (schema: v.GenericSchema, input: unknown): string[] => errorsOf(schema, input).map((e) => e.field);

describe('the poll body schema', () => {
  it('accepts Team Voice’s 5-star example unchanged and keeps every value', () => {
    expect(v.parse(PollBodySchema, TEAM_VOICE_EXAMPLE)).toEqual(TEAM_VOICE_EXAMPLE);
  });

  it('accepts Team Voice’s update body: the example plus the poll id', () => {
    const parsed = v.parse(PollReplaceBodySchema, { ...TEAM_VOICE_EXAMPLE, id: '7b0c9a64-2f0e-4d7e-9d55-0c4b8f3e2a11' });
    expect(parsed.id).toBe('7b0c9a64-2f0e-4d7e-9d55-0c4b8f3e2a11');
    expect(fieldsOf(PollBodySchema, { ...TEAM_VOICE_EXAMPLE, id: 'x' })).toEqual(['id']);
  });

  it('fills in absent settings, description, option ids and orders as Team Voice does', () => {
    const parsed = v.parse(PollBodySchema, { title: 'Lunch?', options: [{ title: 'Pizza' }, { title: 'Sushi' }, { title: 'Salad' }] });
    expect(parsed.settings).toEqual(DEFAULT_POLL_SETTINGS);
    expect(parsed.description).toBe('');
    expect(parsed.options).toEqual([
      { id: '1', title: 'Pizza', order: 0 },
      { id: '2', title: 'Sushi', order: 1 },
      { id: '3', title: 'Salad', order: 2 },
    ]);
  });

  it('fills in only the settings left out, keeping the ones given', () => {
    const parsed = v.parse(PollBodySchema, body({ settings: { allowRevote: true, resultsVisibility: 'afterVote' } }));
    expect(parsed.settings).toEqual({ ...DEFAULT_POLL_SETTINGS, allowRevote: true, resultsVisibility: 'afterVote' });
  });

  it('gives options without an id the smallest ids the others do not use', () => {
    const parsed = v.parse(PollBodySchema, {
      title: 'T',
      options: [{ title: 'a' }, { id: '1', title: 'b' }, { title: 'c' }, { id: 'x', title: 'd' }],
    });
    expect(parsed.options.map((o) => o.id)).toEqual(['2', '1', '3', 'x']);
  });

  describe('limits, at and beyond each boundary', () => {
    it.each([
      ['an empty title', { title: '' }, ['title']],
      ['a blank title', { title: '   ' }, ['title']],
      ['a 256-character title', { title: 'x'.repeat(256) }, ['title']],
      ['a 4001-character description', { description: 'x'.repeat(4001) }, ['description']],
      ['one option', { options: options(1) }, ['options']],
      ['no options', { options: [] }, ['options']],
      ['51 options', { options: options(51) }, ['options']],
      ['an empty option title', { options: [{ title: '' }, { title: 'b' }] }, ['options.0.title']],
      ['a 256-character option title', { options: [{ title: 'a' }, { title: 'x'.repeat(256) }] }, ['options.1.title']],
      ['an empty option id', { options: [{ id: '', title: 'a' }, { title: 'b' }] }, ['options.0.id']],
      ['a 65-character option id', { options: [{ id: 'i'.repeat(65), title: 'a' }, { title: 'b' }] }, ['options.0.id']],
      ['a negative order', { options: [{ title: 'a', order: -1 }, { title: 'b' }] }, ['options.0.order']],
      ['a fractional order', { options: [{ title: 'a', order: 0.5 }, { title: 'b' }] }, ['options.0.order']],
      ['options that are not a list', { options: 'ab' }, ['options']],
      ['a title that is not a string', { title: 5 }, ['title']],
      ['no title', { title: undefined }, ['title']],
    ])('rejects %s, naming the field', (_case, overrides, fields) => {
      expect(fieldsOf(PollBodySchema, body(overrides))).toEqual(fields);
    });

    it.each([
      ['a 1-character title', { title: 'x' }],
      ['a 255-character title', { title: 'x'.repeat(255) }],
      ['a title of 255 emoji (characters, not UTF-16 units)', { title: '😀'.repeat(255) }],
      ['an empty description', { description: '' }],
      ['a 4000-character description', { description: 'x'.repeat(4000) }],
      ['2 options', { options: options(2) }],
      ['50 options', { options: options(50) }],
      ['a 1-character option title', { options: [{ title: 'a' }, { title: 'b' }] }],
      ['a 255-character option title', { options: [{ title: 'a' }, { title: 'x'.repeat(255) }] }],
      ['a 64-character option id', { options: [{ id: 'i'.repeat(64), title: 'a' }, { title: 'b' }] }],
    ])('accepts %s', (_case, overrides) => {
      expect(errorsOf(PollBodySchema, body(overrides))).toEqual([]);
    });

    it('rejects 256 emoji as a title: characters are counted as code points', () => {
      expect(fieldsOf(PollBodySchema, body({ title: '😀'.repeat(256) }))).toEqual(['title']);
    });

    it('rejects duplicate option ids, naming each repeat', () => {
      const duplicated = [
        { id: '1', title: 'a' },
        { id: '2', title: 'b' },
        { id: '1', title: 'c' },
        { id: '2', title: 'd' },
      ];
      expect(errorsOf(PollBodySchema, body({ options: duplicated }))).toEqual([
        { field: 'options.2.id', message: 'duplicates the id of option 0' },
        { field: 'options.3.id', message: 'duplicates the id of option 1' },
      ]);
    });

    it.each(RESULTS_VISIBILITIES)('accepts resultsVisibility %s', (visibility) => {
      expect(errorsOf(PollBodySchema, body({ settings: { resultsVisibility: visibility } }))).toEqual([]);
    });

    it('rejects any other resultsVisibility, listing the allowed values', () => {
      expect(errorsOf(PollBodySchema, body({ settings: { resultsVisibility: 'everyone' } }))).toEqual([
        { field: 'settings.resultsVisibility', message: `must be one of ${RESULTS_VISIBILITIES.join(', ')}` },
      ]);
    });

    it.each(['', '2025-01-31T17:00:00Z', '2025-01-31T17:00:00.123Z', '2025-01-31T17:00:00+01:00'])('accepts endDate %j', (endDate) => {
      expect(errorsOf(PollBodySchema, body({ settings: { endDate } }))).toEqual([]);
    });

    it.each(['2025-01-31', 'tomorrow', '2025-02-30T10:00:00Z', ' ', 'x'.repeat(100_000)])('rejects endDate %j', (endDate) => {
      expect(fieldsOf(PollBodySchema, body({ settings: { endDate } }))).toEqual(['settings.endDate']);
    });

    it('rejects a setting of the wrong type, naming it', () => {
      expect(errorsOf(PollBodySchema, body({ settings: { allowRevote: 'yes' } }))).toEqual([
        { field: 'settings.allowRevote', message: 'must be a boolean' },
      ]);
    });
  });

  it('reports a value of the wrong type once, as a type error', () => {
    expect(errorsOf(PollBodySchema, body({ options: 'x', settings: [] }))).toEqual([
      { field: 'options', message: 'must be an array' },
      { field: 'settings', message: 'must be an object' },
    ]);
    expect(errorsOf(PollBodySchema, null)).toEqual([{ field: '(body)', message: 'must be an object' }]);
  });

  it('names every unknown field, at every level, alongside the other problems', () => {
    const input = body({ color: 'red', title: '' });
    (input['settings'] as Record<string, unknown>)['theme'] = 'dark';
    (input['options'] as Array<Record<string, unknown>>)[2]!['emoji'] = true;
    expect(errorsOf(PollBodySchema, input)).toEqual(
      expect.arrayContaining([
        { field: 'color', message: 'is not a known field' },
        { field: 'settings.theme', message: 'is not a known field' },
        { field: 'options.2.emoji', message: 'is not a known field' },
        { field: 'title', message: 'must be 1–255 characters' },
      ]),
    );
    expect(errorsOf(PollBodySchema, input)).toHaveLength(4);
  });

  it('rejects a huge option list with one error rather than one per element', () => {
    const result = v.safeParse(PollBodySchema, body({ options: Array.from({ length: 200_000 }, () => ({ title: '', extra: 1 })) }));
    expect(result.success).toBe(false);
    expect(result.issues && fieldErrorsOf(result.issues)).toEqual([{ field: 'options', message: 'must have 2–50 options' }]);
  });

  it('caps the field errors it reports for a body full of mistakes', () => {
    const junk = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`field${i}`, i]));
    expect(errorsOf(PollBodySchema, { ...body(), ...junk })).toHaveLength(50);
  });
});

describe('the merge patch schema', () => {
  it('accepts null for the description and the settings, and for single settings', () => {
    expect(errorsOf(PollPatchSchema, { description: null, settings: null })).toEqual([]);
    expect(errorsOf(PollPatchSchema, { settings: { allowRevote: null, resultsVisibility: 'private' } })).toEqual([]);
  });

  it('refuses null for required fields and names unknown fields', () => {
    expect(fieldsOf(PollPatchSchema, { title: null, options: null, status: 'closed', settings: { foo: 1 } }).sort()).toEqual([
      'options',
      'settings.foo',
      'status',
      'title',
    ]);
  });
});

describe('the poll location schema', () => {
  it('accepts an issue of the project and a page with a macro', () => {
    expect(errorsOf(PollLocationSchema, { product: 'jira', workspace: 'PLAT', content: 'PLAT-7', container: '' })).toEqual([]);
    expect(errorsOf(PollLocationSchema, { product: 'confluence', workspace: '1001', content: '2001', container: 'macro-1' })).toEqual([]);
  });

  it('refuses an issue of another project, naming content', () => {
    expect(errorsOf(PollLocationSchema, { product: 'jira', workspace: 'OPS', content: 'PLAT-7', container: '' })).toEqual([
      { field: 'content', message: 'must be an issue of project OPS' },
    ]);
  });

  it('refuses a container on Jira and requires one on Confluence', () => {
    expect(fieldsOf(PollLocationSchema, { product: 'jira', workspace: 'PLAT', content: 'PLAT-7', container: 'm' })).toEqual(['container']);
    expect(fieldsOf(PollLocationSchema, { product: 'confluence', workspace: '1001', content: '2001', container: '' })).toEqual([
      'container',
    ]);
  });

  it('refuses malformed workspaces and contents', () => {
    expect(fieldsOf(PollLocationSchema, { product: 'jira', workspace: 'plat', content: 'PLAT-x', container: '' })).toEqual([
      'workspace',
      'content',
    ]);
    expect(fieldsOf(PollLocationSchema, { product: 'confluence', workspace: 'ENG', content: 'page', container: 'm' })).toEqual([
      'workspace',
      'content',
    ]);
  });

  it('tells a Confluence space id from a Jira project key', () => {
    expect(productOfWorkspace('1001')).toBe('confluence');
    expect(productOfWorkspace('PLAT')).toBe('jira');
  });
});

describe('every poll schema on arbitrary input', () => {
  const schemas = { PollBodySchema, PollReplaceBodySchema, PollPatchSchema, PollLocationSchema };

  it.each(Object.entries(schemas))('%s answers success or failure for any JSON, never throws', (_name, schema) => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = v.safeParse(schema, value);
        if (!result.success) expect(fieldErrorsOf(result.issues).length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('answers success or failure for Team Voice bodies with random values in random places', () => {
    const settingNames = Object.keys(DEFAULT_POLL_SETTINGS);
    const mutated = fc
      .record({
        title: fc.oneof(fc.string({ maxLength: 300 }), fc.jsonValue()),
        description: fc.option(fc.oneof(fc.string({ maxLength: 50 }), fc.jsonValue()), { nil: undefined }),
        options: fc.array(
          fc.record(
            {
              id: fc.oneof(fc.string({ maxLength: 5 }), fc.jsonValue()),
              title: fc.string({ maxLength: 5 }),
              order: fc.oneof(fc.integer(), fc.double()),
            },
            { requiredKeys: ['title'] },
          ),
          { maxLength: 60 },
        ),
        settings: fc.dictionary(fc.constantFrom(...settingNames, 'other'), fc.jsonValue()),
      })
      .map((record) => JSON.parse(JSON.stringify(record)) as unknown);
    fc.assert(
      fc.property(mutated, (value) => {
        const result = v.safeParse(PollBodySchema, value);
        if (result.success) expect(v.parse(PollBodySchema, result.output)).toEqual(result.output);
        else expect(fieldErrorsOf(result.issues).every((e) => e.field.length > 0 && e.message.length > 0)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
