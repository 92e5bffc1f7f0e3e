import { HttpProblem } from './http-problem';
import { header, type WebTriggerRequest } from './request';

/** Bodies are small polls; anything larger is refused before it is parsed. */
export const MAX_BODY_BYTES = 64 * 1024;

export function checkBodySize(request: WebTriggerRequest): void {
  const size = Buffer.byteLength(request.body ?? '', 'utf8');
  if (size > MAX_BODY_BYTES) {
    throw new HttpProblem(413, 'payload_too_large', `The body is ${size} bytes; at most ${MAX_BODY_BYTES} bytes are accepted.`);
  }
}

/**
 * The request's JSON body. Jira Automation sends `Content-Type: application/json` for a custom
 * body; anything declared otherwise is refused rather than guessed at.
 */
export function jsonBody(request: WebTriggerRequest): unknown {
  const contentType = header(request, 'content-type');
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== undefined && mediaType !== 'application/json' && !mediaType.endsWith('+json')) {
    throw new HttpProblem(415, 'unsupported_media_type', `The body must be JSON (Content-Type: application/json), not ${mediaType}.`);
  }
  const text = request.body ?? '';
  if (text.trim() === '')
    throw new HttpProblem(400, 'invalid_body', 'A JSON body is required.', { errors: [{ field: '(body)', message: 'is empty' }] });
  try {
    return JSON.parse(text);
  } catch {
    // JSON.parse reports the position, never the content; deep nesting ends here too (RangeError).
    throw new HttpProblem(400, 'invalid_json', 'The body is not valid JSON.', {
      errors: [{ field: '(body)', message: 'is not valid JSON' }],
    });
  }
}
