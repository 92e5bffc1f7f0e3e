import * as v from 'valibot';
import { integer, strictObject } from './schemas';

/**
 * The body of every error the web trigger answers (RFC 9457): the type the handler renders and
 * the schema the OpenAPI description publishes, from one definition.
 */
export const ProblemSchema = strictObject({
  type: v.string(),
  title: v.string(),
  status: integer(400, 599),
  detail: v.string(),
  code: v.string(),
  errors: v.array(strictObject({ field: v.string(), message: v.string() })),
});
export type Problem = v.InferOutput<typeof ProblemSchema>;
