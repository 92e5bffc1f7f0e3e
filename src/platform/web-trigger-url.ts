import { forgeApi } from './forge-api';

export const POLLS_API_TRIGGER_KEY = 'polls-api';

export async function pollsApiUrl(): Promise<string> {
  const { webTrigger } = await forgeApi();
  return webTrigger.getUrl(POLLS_API_TRIGGER_KEY);
}
