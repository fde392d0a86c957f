import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { toBase64Url } from '../../src/internal/encoding.js';
import { randomBytes } from '../../src/internal/random.js';
import { FileTokenStore } from '../../src/tokens/stores/file.js';
import {
  assertOneRefreshPerExpiry,
  callWorkers,
  runWorkers,
  type StormProvider,
  startStormProvider,
} from './storm.js';
import { killAllWorkers } from './workers.js';

describe('refresh across processes: FileTokenStore', () => {
  let dir: string;
  let op: StormProvider;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'oauthkit-storm-file-'));
    op = await startStormProvider();
  });
  after(async () => {
    killAllWorkers();
    await op?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('4 processes × 50 concurrent calls for 30 s: one refresh per expiry, no failure', async () => {
    const key = toBase64Url(randomBytes(32));
    const workers = callWorkers(
      4,
      50,
      { STORE: 'file', STORE_PATH: dir, STORE_KEY: key, STORE_TOKEN_KEY: 'storm' },
      op,
    );
    const seeded = await op.login();
    await new FileTokenStore({ path: dir, key }).set('storm', seeded);
    op.refreshedAt.length = 0;
    op.expiresIn.length = 0;
    const run = await runWorkers(workers, 30_000);
    assertOneRefreshPerExpiry('file', seeded, op, run);
  });
});
