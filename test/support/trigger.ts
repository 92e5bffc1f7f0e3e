import type { LocalRuntime } from '../../local/runtime';
import type { SimpleRequest } from '../../local/web-trigger';
export { STAR_POLL } from './team-voice';

export type TriggerAnswer = { status: number; headers: Record<string, string[]>; body: string; json: any };

/** Calls the polls-api web trigger in process, the way the platform hands it a request. */
export async function callTrigger(runtime: LocalRuntime, request: SimpleRequest): Promise<TriggerAnswer> {
  const response = await runtime.invokeWebTrigger('polls-api', request);
  const body = response.body ?? '';
  let json: unknown;
  try {
    json = body ? JSON.parse(body) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.statusCode, headers: response.headers ?? {}, body, json };
}

/** The headers the app set, without the X-Ratelimit-* ones the platform adds to every answer. */
export function appHeaders(headers: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !/^x-ratelimit-/i.test(name)));
}

/** Team Voice's query style: `?token=…&type=polls&workspace=…&content=…`. */
export function teamVoiceUrl(params: Record<string, string | undefined>): string {
  const query = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return `?${query.toString()}`;
}

export const JSON_HEADERS = { 'content-type': 'application/json' };
