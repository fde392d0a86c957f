import assert from 'node:assert/strict';
import {
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  truncate,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TokenStoreError } from '../../src/errors.js';
import { toBase64Url } from '../../src/internal/encoding.js';
import { randomBytes } from '../../src/internal/random.js';
import { FileTokenStore } from '../../src/tokens/stores/file.js';
import { killAllWorkers, startWorker } from './workers.js';

const KEY = toBase64Url(randomBytes(32));
const TOKEN = {
  access_token: 'AT-very-secret-access-token-0123456789',
  refresh_token: 'RT-very-secret-refresh-token-9876543210',
  token_type: 'Bearer',
  expires_at: 2_000_000_000,
};

let root: string;
let n = 0;
const freshDir = () => join(root, `store-${++n}`);
const isStoreError = (e: unknown) => e instanceof TokenStoreError && e.code === 'ERR_TOKEN_STORE';

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'oauthkit-file-store-'));
});
after(async () => {
  killAllWorkers();
  await rm(root, { recursive: true, force: true });
});

/** The one `.token` file of a store directory. */
async function tokenFile(dir: string): Promise<string> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.token'));
  assert.equal(files.length, 1);
  return join(dir, files[0]!);
}

describe('FileTokenStore: options', () => {
  test('a missing or wrong-length key is a TypeError', () => {
    const saved = process.env.OAUTHKIT_STORE_KEY;
    delete process.env.OAUTHKIT_STORE_KEY;
    try {
      assert.throws(() => new FileTokenStore({ path: freshDir() }), TypeError);
      assert.throws(
        () => new FileTokenStore({ path: freshDir(), key: new Uint8Array(16) }),
        TypeError,
      );
      assert.throws(
        () => new FileTokenStore({ path: freshDir(), key: toBase64Url(randomBytes(31)) }),
        TypeError,
      );
      assert.throws(() => new FileTokenStore({ path: freshDir(), key: 'not base64 !' }), TypeError);
      process.env.OAUTHKIT_STORE_KEY = 'c2hvcnQ';
      assert.throws(() => new FileTokenStore({ path: freshDir() }), TypeError);
    } finally {
      if (saved === undefined) delete process.env.OAUTHKIT_STORE_KEY;
      else process.env.OAUTHKIT_STORE_KEY = saved;
    }
  });

  test('the key defaults to OAUTHKIT_STORE_KEY, and bytes or base64url are the same key', async () => {
    const saved = process.env.OAUTHKIT_STORE_KEY;
    const raw = randomBytes(32);
    process.env.OAUTHKIT_STORE_KEY = toBase64Url(raw);
    try {
      const path = freshDir();
      await new FileTokenStore({ path }).set('a', TOKEN);
      assert.deepEqual(await new FileTokenStore({ path, key: raw }).get('a'), TOKEN);
    } finally {
      if (saved === undefined) delete process.env.OAUTHKIT_STORE_KEY;
      else process.env.OAUTHKIT_STORE_KEY = saved;
    }
  });
});

describe('FileTokenStore: at rest', () => {
  test('get, set, delete; keys are separate files', async () => {
    const store = new FileTokenStore({ path: freshDir(), key: KEY });
    assert.equal(await store.get('alice'), undefined);
    await store.set('alice', TOKEN);
    await store.set('bob@example.com/x', { ...TOKEN, access_token: 'bob' });
    assert.deepEqual(await store.get('alice'), TOKEN);
    assert.equal((await store.get('bob@example.com/x'))?.access_token, 'bob');
    await store.delete('alice');
    await store.delete('alice');
    assert.equal(await store.get('alice'), undefined);
    assert.equal((await store.get('bob@example.com/x'))?.access_token, 'bob');
  });

  test('the bytes on disk hold no token text; file 0600, directory 0700 even with umask 0', async () => {
    const path = join(freshDir(), 'nested');
    const old = process.umask(0);
    try {
      const store = new FileTokenStore({ path, key: KEY });
      await store.set('alice', TOKEN);
      await store.set('alice', TOKEN); // the replace, too
    } finally {
      process.umask(old);
    }
    const file = await tokenFile(path);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.equal((await stat(path)).mode & 0o777, 0o700);
    const bytes = await readFile(file);
    for (const needle of [
      TOKEN.access_token,
      TOKEN.refresh_token,
      'access_token',
      'Bearer',
      'alice',
    ]) {
      assert.equal(bytes.includes(needle), false, `${needle} found on disk`);
      assert.equal(bytes.includes(Buffer.from(needle).toString('base64').slice(0, 12)), false);
    }
    assert.deepEqual(
      (await readdir(path)).filter((f) => !f.endsWith('.token')),
      [],
      'no temporary or lock files left behind',
    );
  });

  test('a path that is a file is a TokenStoreError', async () => {
    const path = join(root, `a-file-${++n}.json`);
    await writeFile(path, '{}');
    const store = new FileTokenStore({ path, key: KEY });
    await assert.rejects(store.get('alice'), isStoreError);
    await assert.rejects(store.set('alice', TOKEN), isStoreError);
  });

  test('a wrong key is a TokenStoreError, not garbage', async () => {
    const path = freshDir();
    await new FileTokenStore({ path, key: KEY }).set('alice', TOKEN);
    const other = new FileTokenStore({ path, key: toBase64Url(randomBytes(32)) });
    await assert.rejects(other.get('alice'), isStoreError);
  });

  test('a truncated, corrupt or moved file is a TokenStoreError', async () => {
    const path = freshDir();
    const store = new FileTokenStore({ path, key: KEY });
    await store.set('alice', TOKEN);
    const file = await tokenFile(path);
    const good = await readFile(file);

    await truncate(file, good.length - 10);
    await assert.rejects(store.get('alice'), isStoreError);
    await truncate(file, 5);
    await assert.rejects(store.get('alice'), isStoreError);
    await writeFile(file, '');
    await assert.rejects(store.get('alice'), isStoreError);

    const flipped = Buffer.from(good);
    flipped[flipped.length - 20]! ^= 1;
    await writeFile(file, flipped);
    await assert.rejects(store.get('alice'), isStoreError);

    const version = Buffer.from(good);
    version[0] = 9;
    await writeFile(file, version);
    await assert.rejects(store.get('alice'), isStoreError);

    // Another key's file copied over this one: the key name is authenticated.
    await writeFile(file, good);
    await store.set('bob', { ...TOKEN, access_token: 'bob' });
    const bobFile = (await readdir(path)).find(
      (f) => f.endsWith('.token') && join(path, f) !== file,
    )!;
    await writeFile(file, await readFile(join(path, bobFile)));
    await assert.rejects(store.get('alice'), isStoreError);
  });
});

test('FileTokenStore removes temporary files that crashed processes left (after an hour)', async () => {
  const path = freshDir();
  await new FileTokenStore({ path, key: KEY }).set('alice', TOKEN);
  const hash = (await tokenFile(path)).split('/').pop()!.slice(0, 32);
  const old = [
    `.${hash}.AAAAAAAAAAAA.tmp`,
    `${hash}.lock.BBBBBBBBBBBB.tmp`,
    `${hash}.lock.CCCCCCCCCCCC.old`,
  ];
  const fresh = `.${hash}.DDDDDDDDDDDD.tmp`;
  const unrelated = 'notes.txt';
  for (const name of [...old, fresh, unrelated]) await writeFile(join(path, name), 'x');
  const twoHoursAgo = new Date(Date.now() - 7_200_000);
  for (const name of [...old, unrelated]) await utimes(join(path, name), twoHoursAgo, twoHoursAgo);
  await new FileTokenStore({ path, key: KEY }).get('alice'); // reading does not sweep
  await new FileTokenStore({ path, key: KEY }).set('alice', TOKEN); // the first write does
  let names: string[] = [];
  for (let i = 0; i < 50; i++) {
    names = await readdir(path);
    if (!old.some((o) => names.includes(o))) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.deepEqual(names.filter((f) => !f.endsWith('.token')).sort(), [fresh, unrelated].sort());
});

describe('FileTokenStore: across processes', () => {
  const envFor = (path: string, extra: Record<string, string> = {}) => ({
    STORE: 'file',
    STORE_PATH: path,
    STORE_KEY: KEY,
    ...extra,
  });

  test('atomic replace: concurrent writers and readers in 5 processes never see a torn file', async () => {
    const path = freshDir();
    const store = new FileTokenStore({ path, key: KEY });
    await store.set('shared', {
      access_token: 'at-0-0',
      token_type: 'Bearer',
      writer: 0,
      i: 0,
      pad: 'x'.repeat(65_536),
    });
    const readers = [
      startWorker(['read', '2500'], envFor(path)),
      startWorker(['read', '2500'], envFor(path)),
    ];
    const writers = [1, 2, 3].map((id) => startWorker(['write', String(id), '150'], envFor(path)));
    await Promise.all(writers.map((w) => w.waitFor('done', 60_000)));
    for (const r of readers) {
      const line = await r.waitFor('reads', 60_000);
      const [, reads, , bad] = line.split(' ');
      assert.equal(bad, '0', `a reader saw a bad token: ${r.lines.slice(0, 3).join('; ')}`);
      assert.ok(Number(reads) > 10, line);
    }
    const last = await store.get('shared');
    assert.equal(last?.access_token, `at-${last?.writer}-${last?.i}`);
    assert.deepEqual(
      (await readdir(path)).filter((f) => !f.endsWith('.token')),
      [],
      'no temporary files left behind',
    );
  });

  test('a writer killed with SIGKILL mid-write leaves a readable token, old or new', async () => {
    const path = freshDir();
    const store = new FileTokenStore({ path, key: KEY });
    await store.set('shared', { access_token: 'at-0-0', token_type: 'Bearer', writer: 0, i: 0 });
    for (let round = 1; round <= 3; round++) {
      const writer = startWorker(['write', String(round), '1000000'], envFor(path));
      await writer.waitFor('writing');
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 300));
      writer.child.kill('SIGKILL');
      await writer.exited;
      const t = await store.get('shared');
      assert.equal(t?.writer, round);
      assert.equal(t?.access_token, `at-${round}-${t?.i}`);
    }
  });

  test('mutual exclusion: 4 processes x 25 increments under the lock end at 100', async () => {
    const path = freshDir();
    const workers = [0, 1, 2, 3].map(() => startWorker(['count', '25'], envFor(path)));
    await Promise.all(workers.map((w) => w.waitFor('done', 90_000)));
    const store = new FileTokenStore({ path, key: KEY });
    assert.equal((await store.get('shared'))?.count, 100);
  });

  test('a lock held by a process killed with SIGKILL is taken over by the others', async () => {
    const path = freshDir();
    // A lease far longer than the test: the takeover must come from the dead pid.
    const env = envFor(path, { LOCK_TTL_MS: '120000' });
    const holder = startWorker(['hold-forever'], env);
    await holder.waitFor('locked');
    holder.child.kill('SIGKILL');
    assert.equal(await holder.exited, 'SIGKILL');
    const started = Date.now();
    const others = [startWorker(['count', '5'], env), startWorker(['count', '5'], env)];
    await Promise.all(others.map((w) => w.waitFor('done', 60_000)));
    assert.ok(Date.now() - started < 60_000);
    const store = new FileTokenStore({ path, key: KEY });
    assert.equal((await store.get('shared'))?.count, 10);
  });

  test('fencing: a holder whose lock was taken over cannot write; the newer token stays', async () => {
    const path = freshDir();
    const holder = startWorker(['hold'], envFor(path, { LOCK_TTL_MS: '1000' }));
    await holder.waitFor('locked');
    holder.child.kill('SIGSTOP'); // paused: no heartbeat, the lease runs out
    const store = new FileTokenStore({ path, key: KEY, lockTtlMs: 1000, lockWaitMs: 20_000 });
    try {
      await store.withLock('shared', (lock) =>
        lock.set({ access_token: 'newer', token_type: 'Bearer' }),
      );
    } finally {
      holder.child.kill('SIGCONT');
    }
    holder.send('go');
    assert.equal(await holder.waitFor('set-'), 'set-failed ERR_TOKEN_STORE');
    assert.equal(await holder.exited, 0);
    assert.equal((await store.get('shared'))?.access_token, 'newer');
  });

  test('a function that throws releases the lock and its error comes through', async () => {
    const store = new FileTokenStore({ path: freshDir(), key: KEY, lockWaitMs: 2000 });
    const boom = new Error('refresh failed');
    await assert.rejects(
      store.withLock('k', async () => Promise.reject(boom)),
      (e) => e === boom,
    );
    assert.equal(await store.withLock('k', async () => 'free'), 'free');
  });

  test('waiting longer than lockWaitMs is a TokenStoreError', async () => {
    const path = freshDir();
    const a = new FileTokenStore({ path, key: KEY });
    const b = new FileTokenStore({ path, key: KEY, lockWaitMs: 300 });
    let release!: () => void;
    const held = a.withLock('k', () => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 50));
    await assert.rejects(
      b.withLock('k', async () => {}),
      isStoreError,
    );
    release();
    await held;
    assert.equal(await b.withLock('k', async () => 'free again'), 'free again');
  });
});
