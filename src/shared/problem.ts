import * as z from 'zod/mini';

/**
 * The body of every error the web trigger answers (RFC 9457): the type the handler renders and
 * the schema the OpenAPI description publishes, from one definition.
 */
export const ProblemSchema = z.strictObject({
  type: z.string(),
  title: z.string(),
  status: z.int().check(z.minimum(400), z.maximum(599)),
  detail: z.string(),
  code: z.string(),
  errors: z.array(z.strictObject({ field: z.string(), message: z.string() })),
});
export type Problem = z.infer<typeof ProblemSchema>;
