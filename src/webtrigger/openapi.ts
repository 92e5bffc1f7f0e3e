import { toJsonSchema, toJsonSchemaDefs, type ConversionConfig } from '@valibot/to-json-schema';
import * as v from 'valibot';
import {
  PollBodySchema,
  PollCreateRequestSchema,
  PollLocationSchema,
  PollPageRequestSchema,
  PollPageSchema,
  PollPatchSchema,
  PollReplaceBodySchema,
  PollResultsSchema,
  PollSchema,
} from '../shared/polls';
import { ProblemSchema } from '../shared/problem';
import { integer, isOptionalWithoutDefault, uuid } from '../shared/schemas';

type JsonSchema = Record<string, unknown>;

const SCHEMA_REF = '#/components/schemas/';

/** Request bodies are described as accepted (defaults make fields optional)… */
const INPUT_SCHEMAS = {
  PollBody: PollBodySchema,
  PollReplaceBody: PollReplaceBodySchema,
  PollPatch: PollPatchSchema,
  PollCreateRequest: PollCreateRequestSchema,
};
/** …and answers as sent (every field present). */
const OUTPUT_SCHEMAS = { Poll: PollSchema, PollPage: PollPageSchema, PollResults: PollResultsSchema, Problem: ProblemSchema };

let generatedSchemas: Record<string, JsonSchema> | undefined;

/** Named JSON Schemas generated from the valibot schemas the API validates with, so the two cannot drift. */
function componentSchemas(): Record<string, JsonSchema> {
  generatedSchemas ??= { ...definitions(INPUT_SCHEMAS, 'input'), ...definitions(OUTPUT_SCHEMAS, 'output') };
  // A copy per document: a caller editing its document cannot change the next one.
  return structuredClone(generatedSchemas);
}

function definitions(schemas: Record<string, v.GenericSchema>, typeMode: 'input' | 'output'): Record<string, JsonSchema> {
  return toJsonSchemaDefs(schemas, conversion(typeMode)) as unknown as Record<string, JsonSchema>;
}

function conversion(typeMode: 'input' | 'output'): ConversionConfig {
  return {
    target: 'draft-2020-12',
    typeMode,
    // Our own checks are described by the metadata beside them (a length in code points, say).
    ignoreActions: ['check', 'raw_check'],
    // Each named schema is a component; one names another by where it sits.
    overrideRef: ({ referenceId }) => SCHEMA_REF + referenceId,
    overrideSchema: ({ valibotSchema, jsonSchema }) => {
      // An answer has every field, also those its schema gives a default to (which a request may leave out).
      if (typeMode !== 'output' || !('entries' in valibotSchema)) return undefined;
      const entries = valibotSchema.entries as Record<string, v.GenericSchema>;
      const required = Object.keys(entries).filter((key) => !isOptionalWithoutDefault(entries[key]!));
      return { ...jsonSchema, required };
    },
  };
}

/** A parameter's or header's schema, as accepted. */
function jsonSchemaOf(schema: v.GenericSchema): JsonSchema {
  const { $schema: _schema, ...rest } = toJsonSchema(schema, conversion('input')) as JsonSchema;
  return rest;
}

const [JIRA_LOCATION, CONFLUENCE_LOCATION] = PollLocationSchema.options;

function parameters(): Record<string, unknown> {
  const query = (name: string, description: string, schema: JsonSchema, required = false): Record<string, unknown> => ({
    name,
    in: 'query',
    required,
    description,
    schema,
  });
  const header = (name: string, description: string, schema: JsonSchema): Record<string, unknown> => ({
    name,
    in: 'header',
    description,
    schema,
  });
  return {
    workspace: query(
      'workspace',
      'The Jira project key (e.g. PLAT) or the Confluence space id (e.g. 1001).',
      { anyOf: [jsonSchemaOf(JIRA_LOCATION.entries.workspace), jsonSchemaOf(CONFLUENCE_LOCATION.entries.workspace)] },
      true,
    ),
    content: query(
      'content',
      'The Jira issue key (e.g. PLAT-7) or the Confluence page id (e.g. 2001).',
      { anyOf: [jsonSchemaOf(JIRA_LOCATION.entries.content), jsonSchemaOf(CONFLUENCE_LOCATION.entries.content)] },
      true,
    ),
    container: query('container', 'The Confluence macro id: required for Confluence, empty or absent for Jira.', {
      anyOf: [jsonSchemaOf(JIRA_LOCATION.entries.container), jsonSchemaOf(CONFLUENCE_LOCATION.entries.container)],
    }),
    limit: query('limit', 'Polls per page.', jsonSchemaOf(PollPageRequestSchema.entries.limit)),
    cursor: query('cursor', 'The `nextCursor` of the previous page.', jsonSchemaOf(PollPageRequestSchema.entries.cursor.wrapped)),
    expand: query('expand', '`results` adds the vote counts to each poll.', jsonSchemaOf(v.picklist(['results']))),
    pollIdPath: { name: 'id', in: 'path', required: true, description: 'The poll id.', schema: jsonSchemaOf(uuid()) },
    type: query('type', 'Always `polls` (Team Voice request style).', jsonSchemaOf(v.literal('polls')), true),
    pollIdQuery: query('pollId', 'The poll to read, update or delete (Team Voice request style).', jsonSchemaOf(uuid())),
    ifMatch: header('If-Match', "The poll's ETag as last read; a stale one answers 412.", jsonSchemaOf(v.string())),
    idempotencyKey: header(
      'Idempotency-Key',
      'Repeating a create with the same key (per token, for 24 hours) answers the poll the first request created.',
      jsonSchemaOf(v.pipe(v.string(), v.minLength(1), v.maxLength(255))),
    ),
  };
}

const ERRORS: Record<number, { name: string; description: string; headers?: string[] }> = {
  400: { name: 'BadRequest', description: 'A parameter or the body is invalid; `errors` names every bad field.' },
  401: {
    name: 'Unauthorized',
    description: 'The token is missing, malformed, unknown, expired or revoked.',
    headers: ['WWW-Authenticate'],
  },
  403: { name: 'Forbidden', description: "The workspace or the operation is outside the token's scope." },
  404: { name: 'NotFound', description: 'No such poll (or none the token may see), or no such issue or page in the workspace.' },
  405: { name: 'MethodNotAllowed', description: 'The method is not one this path allows; see `Allow`.', headers: ['Allow'] },
  409: { name: 'Conflict', description: 'The poll changed at the same time, or the Idempotency-Key was used with another request.' },
  412: { name: 'PreconditionFailed', description: "`If-Match` does not match the poll's current ETag." },
  413: { name: 'PayloadTooLarge', description: 'The body is over 64 KiB.' },
  415: { name: 'UnsupportedMediaType', description: 'The body is not JSON.' },
  422: {
    name: 'TooManyPolls',
    description:
      'The content has more polls than one answer can carry (about 4 MB, or 20 seconds of reading): list them with the paged GET /polls.',
  },
  429: { name: 'TooManyRequests', description: 'Rate-limited; retry after `Retry-After` seconds.', headers: ['Retry-After'] },
  503: { name: 'ServiceUnavailable', description: 'Storage is failing; retry after `Retry-After` seconds.', headers: ['Retry-After'] },
};

function responses(): Record<string, unknown> {
  return Object.fromEntries(
    Object.values(ERRORS).map(({ name, description, headers }) => [
      name,
      {
        description,
        ...(headers ? { headers: Object.fromEntries(headers.map((h) => [h, { $ref: `#/components/headers/${h}` }])) } : {}),
        content: { 'application/problem+json': { schema: { $ref: `${SCHEMA_REF}Problem` } } },
      },
    ]),
  );
}

function headers(): Record<string, unknown> {
  const string = jsonSchemaOf(v.string());
  return {
    ETag: { description: 'The poll version, for `If-Match`.', schema: string },
    Location: { description: 'The URL of the new poll.', schema: string },
    'Retry-After': { description: 'Seconds to wait before retrying.', schema: jsonSchemaOf(integer(0)) },
    Allow: { description: 'The methods this path allows.', schema: string },
    'WWW-Authenticate': { description: 'The Bearer challenge (RFC 6750).', schema: string },
  };
}

const ref = (kind: 'parameters' | 'responses' | 'headers', name: string): { $ref: string } => ({ $ref: `#/components/${kind}/${name}` });
const schemaRef = (name: keyof typeof INPUT_SCHEMAS | keyof typeof OUTPUT_SCHEMAS): { $ref: string } => ({ $ref: SCHEMA_REF + name });

function errorResponses(...statuses: number[]): Record<string, unknown> {
  const all = [400, 401, 403, 405, 429, 503, ...statuses].sort((a, b) => a - b);
  return Object.fromEntries(all.map((status) => [String(status), ref('responses', ERRORS[status]?.name ?? '')]));
}

function json(schema: unknown, description: string, extraHeaders: string[] = []): Record<string, unknown> {
  return {
    description,
    ...(extraHeaders.length > 0 ? { headers: Object.fromEntries(extraHeaders.map((h) => [h, ref('headers', h)])) } : {}),
    content: { 'application/json': { schema } },
  };
}

function body(schema: unknown, mediaTypes = ['application/json']): Record<string, unknown> {
  return { required: true, content: Object.fromEntries(mediaTypes.map((type) => [type, { schema }])) };
}

function restPaths(): Record<string, Record<string, unknown>> {
  const location = ['workspace', 'content', 'container'].map((name) => ref('parameters', name));
  return {
    '/polls': {
      get: {
        operationId: 'listPolls',
        tags: ['Polls'],
        summary: 'List the polls on an issue or Confluence macro, oldest first',
        parameters: [...location, ref('parameters', 'limit'), ref('parameters', 'cursor'), ref('parameters', 'expand')],
        responses: { '200': json(schemaRef('PollPage'), 'A page of polls.'), ...errorResponses() },
      },
      post: {
        operationId: 'createPoll',
        tags: ['Polls'],
        summary: 'Create a poll; the body names where (workspace, content, container)',
        parameters: [ref('parameters', 'idempotencyKey')],
        requestBody: body(schemaRef('PollCreateRequest')),
        responses: {
          '201': json(schemaRef('Poll'), 'Created — or, for a repeated Idempotency-Key, the poll the first request created.', [
            'Location',
            'ETag',
          ]),
          ...errorResponses(404, 409, 413, 415),
        },
      },
    },
    '/polls/{id}': {
      parameters: [ref('parameters', 'pollIdPath')],
      get: {
        operationId: 'getPoll',
        tags: ['Polls'],
        summary: 'Read a poll',
        parameters: [ref('parameters', 'expand')],
        responses: { '200': json(schemaRef('Poll'), 'The poll.', ['ETag']), ...errorResponses(404) },
      },
      put: {
        operationId: 'replacePoll',
        tags: ['Polls'],
        summary: 'Replace title, description, options and settings',
        parameters: [ref('parameters', 'ifMatch')],
        requestBody: body(schemaRef('PollReplaceBody')),
        responses: { '200': json(schemaRef('Poll'), 'The updated poll.', ['ETag']), ...errorResponses(404, 409, 412, 413, 415) },
      },
      patch: {
        operationId: 'patchPoll',
        tags: ['Polls'],
        summary: 'Change some fields (JSON merge patch, RFC 7396: null resets a field to its default)',
        parameters: [ref('parameters', 'ifMatch')],
        requestBody: body(schemaRef('PollPatch'), ['application/merge-patch+json', 'application/json']),
        responses: { '200': json(schemaRef('Poll'), 'The updated poll.', ['ETag']), ...errorResponses(404, 409, 412, 413, 415) },
      },
      delete: {
        operationId: 'deletePoll',
        tags: ['Polls'],
        summary: 'Delete a poll',
        parameters: [ref('parameters', 'ifMatch')],
        responses: { '204': { description: 'Deleted.' }, ...errorResponses(404, 409, 412) },
      },
    },
  };
}

function teamVoicePath(): Record<string, unknown> {
  const common = ['type', 'workspace', 'content', 'container'].map((name) => ref('parameters', name));
  const pollId = ref('parameters', 'pollIdQuery');
  const tags = ['Team Voice compatible'];
  return {
    parameters: common,
    get: {
      operationId: 'teamVoiceGetPolls',
      tags,
      summary: 'Every poll on the content, oldest first (only poll `pollId`, when given)',
      parameters: [pollId, ref('parameters', 'expand')],
      responses: { '200': json({ type: 'array', items: schemaRef('Poll') }, 'The polls.'), ...errorResponses(404, 422) },
    },
    post: {
      operationId: 'teamVoiceCreatePoll',
      tags,
      summary: 'Create a poll on the content',
      requestBody: body(schemaRef('PollBody')),
      responses: { '200': json(schemaRef('Poll'), 'The new poll.'), ...errorResponses(404, 409, 413, 415) },
    },
    put: {
      operationId: 'teamVoiceUpdatePoll',
      tags,
      summary: 'Replace poll `pollId` (the body may repeat its `id`)',
      parameters: [pollId],
      requestBody: body(schemaRef('PollReplaceBody')),
      responses: { '200': json(schemaRef('Poll'), 'The updated poll.'), ...errorResponses(404, 409, 413, 415) },
    },
    delete: {
      operationId: 'teamVoiceDeletePoll',
      tags,
      summary: 'Delete poll `pollId`',
      parameters: [pollId],
      responses: { '200': json({ type: 'object' }, 'Deleted.'), ...errorResponses(404, 409) },
    },
  };
}

/**
 * The OpenAPI 3.1 description of the polls API (DESIGN §4a, §4b): the REST paths and the
 * Team Voice request style (operations on `/` chosen by method and query) on one server.
 */
export function openApiDocument(serverUrl: string): object {
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Quorum polls API',
      version: '1.0.0',
      description:
        'Create, read, update and delete polls on Jira issues and Confluence pages, within the projects and spaces ' +
        'an access token allows. Send the token as `Authorization: Bearer <token>` or, unless the site forbids it, `?token=`. ' +
        'Errors are `application/problem+json`.',
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }, { token: [] }],
    tags: [
      { name: 'Polls', description: 'REST style.' },
      { name: 'Team Voice compatible', description: "Drop-in for rules written against Team Voice's API." },
    ],
    paths: {
      '/': teamVoicePath(),
      ...restPaths(),
      '/openapi.json': {
        get: {
          operationId: 'getOpenApiDocument',
          tags: ['Polls'],
          summary: 'This document',
          security: [],
          responses: { '200': json({ type: 'object' }, 'The OpenAPI document.') },
        },
      },
    },
    components: {
      schemas: componentSchemas(),
      parameters: parameters(),
      responses: responses(),
      headers: headers(),
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A Quorum access token (qrm_…).' },
        token: { type: 'apiKey', in: 'query', name: 'token', description: 'The same token as a query parameter, for Jira Automation.' },
      },
    },
  };
}
