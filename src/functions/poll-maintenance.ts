// The scheduled trigger's function (manifest.yml: poll-maintenance-fn).
import { runPollMaintenance } from '../polls/maintenance';

/**
 * Scheduled triggers ignore what the function returns and do not retry a failure
 * (manifest-reference/modules/scheduled-trigger); `{ statusCode: 204 }` also satisfies the
 * response format function-reference/scheduled-trigger describes.
 */
export async function handler(): Promise<{ statusCode: number }> {
  await runPollMaintenance();
  return { statusCode: 204 };
}
