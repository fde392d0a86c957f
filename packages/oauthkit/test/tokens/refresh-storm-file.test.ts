/**
 * Issue 5 with a FileTokenStore: 4 worker processes share one encrypted token file and
 * keep one rotating grant alive through 30 s of 2-second access tokens (see storm.ts; the
 * Redis and MemoryTokenStore runs are in refresh-storm-redis.test.ts).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { toBase64Url } from '../../src/internal/encoding.js';
import { randomBytes } from '../../src/internal/random.js';
import { FileTokenStore } from '../../src/tokens/stores/file.js';
import {
  callWorkers,
  earlyRefreshes,
  expiries,
  minGap,
  runWorkers,
  type StormProvider,
  startStormProvider,
  sum,
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
    const { results, end } = await runWorkers(workers, 30_000);
    const refreshes = op.refreshedAt.length;
    const expected = expiries(seeded, op, end);
    console.log(
      `file: ${sum(results, 'ok')} calls ok, ${sum(results, 'failed')} failed (${sum(results, 'unauthorized')} 401s retried), ` +
        `${refreshes} refreshes, ${expected} expiries, min gap ${minGap(op.refreshedAt)} ms, ${op.expiresIn.filter((e) => e < 2).length} answers with expires_in 1`,
    );
    assert.deepEqual(
      results.map((r) => r.errors),
      results.map(() => ({})),
    );
    assert.equal(sum(results, 'failed'), 0);
    assert.equal(sum(results, 'invalidGrant'), 0);
    assert.equal(op.refused.size, 0);
    assert.ok(results.every((r) => r.ok > 0));
    assert.ok(Math.abs(refreshes - expected) <= 1, `${refreshes} refreshes, ${expected} expiries`);
    assert.ok(refreshes >= 20, `only ${refreshes} refreshes in 30 s of 1 s lifetimes`);
    assert.equal(earlyRefreshes(seeded, op), 0, 'a refresh while the token was still usable');
    assert.equal(sum(results, 'tokens'), refreshes);
  });
});
