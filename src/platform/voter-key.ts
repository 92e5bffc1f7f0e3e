import { createHmac, randomBytes } from 'node:crypto';
import { kvs } from '@forge/kvs';
import { writeConditionally } from './kvs-errors';
import { KEY } from './storage-names';

/**
 * Who voted is stored only as a keyed hash: HMAC-SHA-256 of poll id and account id, under a
 * random secret of the installation kept in Forge's secret store (storage-reference/kvs-api-secret),
 * never with the votes. A voter's record is found again by computing the hash — so nobody votes
 * twice — but no stored value, for an admin or a storage dump, says whose vote it is.
 */
const secrets = new Map<string, Promise<string>>();

/** The hash that keys `accountId`'s vote on `pollId`: 64 hex digits. */
export async function voterHash(installation: string, pollId: string, accountId: string): Promise<string> {
  const secret = await installationSecret(installation);
  return createHmac('sha256', Buffer.from(secret, 'base64')).update(`${pollId}\n${accountId}`).digest('hex');
}

/** The installation's secret: read once per instance, created by the first instance that needs it. */
function installationSecret(installation: string): Promise<string> {
  let secret = secrets.get(installation);
  if (!secret) {
    secret = readOrCreateSecret();
    secrets.set(installation, secret);
    // A failed read is not remembered: the next vote asks storage again.
    secret.catch(() => secrets.delete(installation));
  }
  return secret;
}

async function readOrCreateSecret(): Promise<string> {
  const stored = await kvs.getSecret<string>(KEY.voterSecret);
  if (typeof stored === 'string') return stored;
  const fresh = randomBytes(32).toString('base64');
  // Two instances may both find none: FAIL_IF_EXISTS lets one write it, the other reads the winner's.
  const created = await writeConditionally(
    () => kvs.setSecret(KEY.voterSecret, fresh, { keyPolicy: 'FAIL_IF_EXISTS' }),
    async () => (await kvs.getSecret<string>(KEY.voterSecret)) === undefined,
  );
  if (created) return fresh;
  const winner = await kvs.getSecret<string>(KEY.voterSecret);
  if (typeof winner !== 'string') throw new Error('The voter key secret vanished while it was being created.');
  return winner;
}
