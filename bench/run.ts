import { benchApi } from './api';
import { benchUiBundle } from './ui-bundle';

/** `npm run bench`: every benchmark, printed. Numbers vary with the machine; nothing is asserted. */
async function main(): Promise<void> {
  await benchApi();
  await benchUiBundle();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
