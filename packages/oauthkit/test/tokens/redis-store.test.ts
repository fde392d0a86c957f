import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Cluster, Redis } from 'ioredis';
import { NetworkError, TokenStoreError } from '../../src/errors.js';
import { toBase64Url } from '../../src/internal/encoding.js';
import { randomBytes } from '../../src/internal/random.js';
import { RedisTokenStore } from '../../src/tokens/stores/redis.js';
import { needsPeer } from '../helpers/peers.js';
import { REDIS_SERVER, type RedisServer, startRedis } from './redis-server.js';
import { killAllWorkers, startWorker } from './workers.js';

const TOKEN = {
  access_token: 'AT-very-secret-access-token-0123456789',
  refresh_token: 'RT-very-secret-refresh-token-9876543210',
  token_type: 'Bearer',
  expires_at: 2_000_000_000,
};
const isStoreError = (e: unknown) => e instanceof TokenStoreError && e.code === 'ERR_TOKEN_STORE';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(
  'RedisTokenStore against redis-server',
  needsPeer('Redis', existsSync(REDIS_SERVER), 'apt-get install redis-server'),
  () => {
    let dir: string;
    let server: RedisServer;
    let redis: Redis;
    const clients: (Redis | Cluster)[] = [];
    const servers: RedisServer[] = [];
    let n = 0;
    const freshKey = () => `user-${++n}`;

    /** A client set up as the README recommends: fail fast, reconnect in the background. */
    function client(port: number, password?: string): Redis {
      const c = new Redis({
        host: '127.0.0.1',
        port,
        ...(password === undefined ? {} : { password }),
        maxRetriesPerRequest: 1,
        retryStrategy: (n: number) => Math.min(n * 100, 1000),
      });
      c.on('error', () => {}); // connection errors surface on the commands
      clients.push(c);
      return c;
    }

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'oauthkit-redis-'));
      server = await startRedis(dir);
      servers.push(server);
      redis = client(server.port);
    });
    after(async () => {
      killAllWorkers();
      for (const c of clients) c.disconnect();
      await Promise.all(servers.map((s) => s.stop()));
      await rm(dir, { recursive: true, force: true });
    });

    test('get, set, delete; JSON under {prefix:key}:token', async () => {
      const store = new RedisTokenStore({ redis, prefix: 'app' });
      assert.equal(await store.get('alice'), undefined);
      await store.set('alice', TOKEN);
      assert.deepEqual(await store.get('alice'), TOKEN);
      assert.deepEqual(JSON.parse((await redis.get('{app:alice}:token'))!), TOKEN);
      await store.delete('alice');
      await store.delete('alice');
      assert.equal(await store.get('alice'), undefined);
      assert.throws(() => new RedisTokenStore({ redis, prefix: 'a{b' }), TypeError);
      assert.throws(
        () => new RedisTokenStore({ redis: {} as unknown as Redis }),
        TypeError,
        'not a client',
      );
    });

    test('with key: sealed at rest; a wrong or missing key is a TokenStoreError', async () => {
      const key = toBase64Url(randomBytes(32));
      const store = new RedisTokenStore({ redis, key });
      await store.set('alice', TOKEN);
      assert.deepEqual(await store.get('alice'), TOKEN);
      const raw = (await redis.get(store.keysOf('alice').token))!;
      for (const needle of [TOKEN.access_token, TOKEN.refresh_token, 'access_token']) {
        assert.equal(raw.includes(needle), false);
      }
      const other = new RedisTokenStore({ redis, key: toBase64Url(randomBytes(32)) });
      await assert.rejects(other.get('alice'), isStoreError);
      await assert.rejects(new RedisTokenStore({ redis }).get('alice'), isStoreError);
      await new RedisTokenStore({ redis }).set('plain', TOKEN);
      await assert.rejects(store.get('plain'), isStoreError);
      assert.throws(() => new RedisTokenStore({ redis, key: 'short' }), TypeError);
    });

    test('the token and lock keys share one hash tag, and one Cluster slot', {
      timeout: 60_000,
    }, async () => {
      const store = new RedisTokenStore({ redis, prefix: 'app' });
      assert.deepEqual(store.keysOf('alice@example.com'), {
        token: '{app:alice@example.com}:token',
        lock: '{app:alice@example.com}:lock',
      });
      // CLUSTER KEYSLOT needs cluster mode: a one-node cluster, which also refuses any
      // script whose keys span two slots (CROSSSLOT), so the store's scripts are checked for real.
      const nodeDir = await mkdtemp(join(dir, 'cluster-'));
      const node = await startRedis(nodeDir, undefined, [
        '--cluster-enabled',
        'yes',
        '--cluster-announce-ip',
        '127.0.0.1',
        '--cluster-config-file',
        join(nodeDir, 'nodes.conf'),
      ]);
      servers.push(node);
      const admin = client(node.port);
      await admin.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
      for (
        let i = 0;
        !String(await admin.call('CLUSTER', 'INFO')).includes('cluster_state:ok');
        i++
      ) {
        assert.ok(i < 100, 'cluster did not become ready');
        await sleep(100);
      }
      for (const user of ['alice', 'bob}x', 'c{d', '']) {
        if (user === '') continue;
        const keys = store.keysOf(user);
        assert.equal(
          await admin.call('CLUSTER', 'KEYSLOT', keys.token),
          await admin.call('CLUSTER', 'KEYSLOT', keys.lock),
        );
      }
      await assert.rejects(
        admin.eval("return redis.call('GET', KEYS[2])", 2, 'alice:lock', 'alice:token'),
        /CROSSSLOT/,
      );

      const cluster = new Cluster([{ host: '127.0.0.1', port: node.port }], {
        redisOptions: { maxRetriesPerRequest: 1 },
      });
      cluster.on('error', () => {});
      clients.push(cluster);
      const onCluster = new RedisTokenStore({ redis: cluster, prefix: 'app' });
      await onCluster.set('alice', TOKEN);
      await onCluster.withLock('alice', async (lock) => {
        assert.deepEqual(await onCluster.get('alice'), TOKEN);
        await lock.set({ ...TOKEN, access_token: 'rotated' });
      });
      assert.equal((await onCluster.get('alice'))?.access_token, 'rotated');
      await onCluster.delete('alice');
    });

    test('the lock is renewed while its function runs, and released only by its owner', async () => {
      const key = freshKey();
      const a = new RedisTokenStore({ redis, lockTtlMs: 1000 });
      const b = new RedisTokenStore({ redis, lockTtlMs: 1000, lockWaitMs: 2500 });
      const held = a.withLock(key, async (lock) => {
        await sleep(3500); // three and a half times the TTL
        await lock.set({ ...TOKEN, access_token: 'from-a' });
      });
      await sleep(50);
      await assert.rejects(
        b.withLock(key, async () => {}),
        isStoreError,
      );
      // Somebody else's release script must not remove a's lock.
      assert.equal(
        (await redis.eval("return redis.call('GET', KEYS[1])", 1, a.keysOf(key).lock)) !== null,
        true,
      );
      await held;
      assert.equal((await a.get(key))?.access_token, 'from-a');
      assert.equal(await redis.exists(a.keysOf(key).lock), 0, 'released');
      assert.equal(await b.withLock(key, async () => 'free'), 'free');
    });

    test('a function that throws releases the lock and its error comes through', async () => {
      const store = new RedisTokenStore({ redis, lockWaitMs: 2000 });
      const key = freshKey();
      const boom = new Error('refresh failed');
      await assert.rejects(
        store.withLock(key, async () => Promise.reject(boom)),
        (e) => e === boom,
      );
      assert.equal(await redis.exists(store.keysOf(key).lock), 0);
      assert.equal(await store.withLock(key, async () => 'free'), 'free');
    });

    describe('across processes', () => {
      const env = (extra: Record<string, string> = {}) => ({
        STORE: 'redis',
        REDIS_PORT: String(server.port),
        ...extra,
      });

      test('mutual exclusion: 4 processes x 25 increments under the lock end at 100', async () => {
        const key = freshKey();
        const workers = [0, 1, 2, 3].map(() =>
          startWorker(['count', '25'], env({ STORE_TOKEN_KEY: key })),
        );
        await Promise.all(workers.map((w) => w.waitFor('done', 90_000)));
        assert.equal((await new RedisTokenStore({ redis }).get(key))?.count, 100);
      });

      test('a holder killed with SIGKILL: its lock expires and the others carry on', async () => {
        const key = freshKey();
        const e = env({ STORE_TOKEN_KEY: key, LOCK_TTL_MS: '2000' });
        const holder = startWorker(['hold-forever'], e);
        await holder.waitFor('locked');
        holder.child.kill('SIGKILL');
        assert.equal(await holder.exited, 'SIGKILL');
        const store = new RedisTokenStore({ redis });
        assert.ok(
          (await redis.pttl(store.keysOf(key).lock)) > 0,
          'the dead holder still has the lock',
        );
        const others = [startWorker(['count', '5'], e), startWorker(['count', '5'], e)];
        await Promise.all(others.map((w) => w.waitFor('done', 60_000)));
        assert.equal((await store.get(key))?.count, 10);
      });

      test('fencing: a holder that outlived its TTL cannot overwrite the newer token', async () => {
        const key = freshKey();
        const holder = startWorker(['hold'], env({ STORE_TOKEN_KEY: key, LOCK_TTL_MS: '1000' }));
        await holder.waitFor('locked');
        holder.child.kill('SIGSTOP'); // paused: no heartbeat, the lock expires
        const store = new RedisTokenStore({ redis, lockTtlMs: 1000, lockWaitMs: 20_000 });
        try {
          await store.withLock(key, (lock) => lock.set({ ...TOKEN, access_token: 'newer' }));
        } finally {
          holder.child.kill('SIGCONT');
        }
        holder.send('go');
        assert.equal(await holder.waitFor('set-'), 'set-failed ERR_TOKEN_STORE');
        assert.equal(await holder.exited, 0);
        assert.equal((await store.get(key))?.access_token, 'newer');
      });
    });

    test('Redis stopped: NetworkError with the address; restarted: the next call works, the token intact', {
      timeout: 60_000,
    }, async () => {
      const ownDir = await mkdtemp(join(dir, 'restart-'));
      const password = 'redis-password-that-must-not-leak';
      const auth = ['--requirepass', password];
      const own = await startRedis(ownDir, undefined, auth);
      servers.push(own);
      const c = client(own.port, password);
      const store = new RedisTokenStore({ redis: c, lockWaitMs: 2000 });
      await store.set('alice', TOKEN);

      await c.call('SHUTDOWN', 'SAVE').catch(() => {}); // the server goes away mid-session
      await own.stopped;
      const down = (e: unknown) =>
        e instanceof NetworkError &&
        e.code === 'ERR_NETWORK' &&
        e.message.includes(`127.0.0.1:${own.port}`) &&
        !e.message.includes(password) &&
        !e.message.includes(TOKEN.access_token);
      await assert.rejects(store.get('alice'), down);
      await assert.rejects(store.set('alice', { ...TOKEN, access_token: 'lost?' }), down);
      await assert.rejects(
        store.withLock('alice', async () => {}),
        down,
      );

      const again = await startRedis(ownDir, own.port, auth);
      servers.push(again);
      assert.deepEqual(await store.get('alice'), TOKEN);
      await store.withLock('alice', (lock) => lock.set({ ...TOKEN, access_token: 'after' }));
      assert.equal((await store.get('alice'))?.access_token, 'after');
    });
  },
);
