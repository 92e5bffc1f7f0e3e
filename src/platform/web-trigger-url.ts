import { webTrigger } from '@forge/api';

export const POLLS_API_TRIGGER_KEY = 'polls-api';

export function pollsApiUrl(): Promise<string> {
  return webTrigger.getUrl(POLLS_API_TRIGGER_KEY);
}
