import { benchApi } from './api';

/** `npm run bench`: every benchmark, printed. Numbers vary with the machine; nothing is asserted. */
async function main(): Promise<void> {
  await benchApi();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
