import { TokenStoreError } from '../../errors.js';
import { fromUtf8, toBase64Url, utf8 } from '../../internal/encoding.js';
import { randomToken } from '../../internal/random.js';
import type { TokenSet } from '../token.js';
import { errorCode, loadNodeModules, type NodeFileHandle, type NodeModules } from './node.js';
import {
  importSealKey,
  openToken,
  parseStoreKey,
  type SealKey,
  STORE_KEY_ENV,
  type StoreKey,
  sealToken,
} from './seal.js';
import type { TokenLock, TokenStore } from './store.js';

export interface FileTokenStoreOptions {
  /**
   * A directory. Each store key gets its own encrypted file in it, named by a hash of the
   * key (`<hash>.token`), and its own lock file (`<hash>.lock`). Created with mode 0700 if
   * missing.
   */
  path: string;
  /**
   * 32 bytes (`Uint8Array`) or their base64url encoding. Default: the environment
   * variable `OAUTHKIT_STORE_KEY`.
   */
  key?: StoreKey | undefined;
  /**
   * How long a lock lives without a heartbeat, in ms (default 30 000). The holder renews
   * it every third of that while its function runs; a lock whose holder process is dead
   * (same host) is taken over at once, one whose holder stopped renewing after this long.
   */
  lockTtlMs?: number;
  /** How long `withLock` waits for a held lock before a `TokenStoreError`, in ms (default 60 000). */
  lockWaitMs?: number;
}

interface Paths {
  token: string;
  lock: string;
  hash: string;
}

interface Holder {
  raw: string;
  mtimeMs: number;
  owner?: string;
  pid?: number;
  host?: string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function positive(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new TypeError(
      `FileTokenStore option ${name} must be a positive number of ms, got ${value}.`,
    );
  }
  return value;
}

/**
 * Tokens in encrypted files, shared by every process on the machine (or on a shared POSIX
 * file system), with a cross-process lock for refreshes.
 *
 * - AES-256-GCM at rest (WebCrypto), a random 96-bit IV per write, the format version and
 *   the store key name authenticated: a wrong key or a damaged file is a `TokenStoreError`,
 *   never garbage.
 * - Files are mode 0600 in a 0700 directory, whatever the umask.
 * - Atomic replace: write a temporary file in the same directory, fsync, rename over the
 *   old file, fsync the directory. Readers see the old token or the new one, never half.
 * - `withLock`: an exclusive lock file (hard-linked into place, so it is never seen half
 *   written) holding pid, host, a random owner and a timestamp. It is taken over when its
 *   holder's pid is dead (same host) or it has not been renewed for `lockTtlMs`. `lock.set`
 *   checks that the lock file still names its owner right before the rename (fencing).
 *
 * Node.js only (>= 20.16, via `process.getBuiltinModule`); importing it elsewhere is
 * harmless, constructing it throws.
 *
 * @example
 * ```ts
 * import { FileTokenStore } from 'oauthkit/stores';
 * // key: 32 bytes as base64url, e.g. from a secret manager; default: OAUTHKIT_STORE_KEY
 * const store = new FileTokenStore({ path: '/var/lib/myapp/tokens', key: process.env.TOKENS_KEY });
 * await store.set('alice', { access_token: 'at', token_type: 'Bearer' });
 * const token = await store.get('alice');
 * ```
 */
export class FileTokenStore implements TokenStore {
  /** The absolute directory holding the token files. */
  readonly path: string;
  readonly #node: NodeModules;
  readonly #rawKey: Uint8Array;
  readonly #lockTtlMs: number;
  readonly #lockWaitMs: number;
  readonly #host: string;
  #sealKey: Promise<SealKey> | undefined;
  #hardLinks = true;
  #dirReady: Promise<void> | undefined;

  constructor(options: FileTokenStoreOptions) {
    if (typeof options?.path !== 'string' || options.path === '') {
      throw new TypeError(
        'FileTokenStore option path must be a directory path (a non-empty string).',
      );
    }
    this.#node = loadNodeModules('FileTokenStore');
    const fromEnv = options.key === undefined;
    this.#rawKey = fromEnv
      ? parseStoreKey(
          this.#node.process.env[STORE_KEY_ENV],
          `FileTokenStore option key was not given, so the environment variable ${STORE_KEY_ENV}`,
          ', in the key option or in that variable',
        )
      : parseStoreKey(
          options.key,
          'FileTokenStore option key',
          ` (or leave key out and set ${STORE_KEY_ENV})`,
        );
    this.path = this.#node.path.resolve(options.path);
    this.#lockTtlMs = positive(options.lockTtlMs, 'lockTtlMs', 30_000);
    this.#lockWaitMs = positive(options.lockWaitMs, 'lockWaitMs', 60_000);
    this.#host = this.#node.os.hostname();
  }

  async get(key: string): Promise<TokenSet | undefined> {
    const paths = await this.#pathsOf(key);
    let bytes: Uint8Array;
    try {
      bytes = await this.#node.fs.readFile(paths.token);
    } catch (e) {
      if (errorCode(e) === 'ENOENT') return undefined;
      throw this.#fail('read', paths.token, e);
    }
    return openToken(await this.#key(), key, new Uint8Array(bytes), `in ${paths.token}`);
  }

  async set(key: string, token: TokenSet): Promise<void> {
    await this.#write(key, await this.#pathsOf(key), token);
  }

  async delete(key: string): Promise<void> {
    const paths = await this.#pathsOf(key);
    try {
      await this.#node.fs.unlink(paths.token);
    } catch (e) {
      if (errorCode(e) === 'ENOENT') return;
      throw this.#fail('delete', paths.token, e);
    }
    await this.#syncDir();
  }

  async withLock<T>(key: string, fn: (lock: TokenLock) => Promise<T>): Promise<T> {
    const paths = await this.#pathsOf(key);
    await this.#ensureDir();
    const owner = randomToken(16);
    await this.#acquire(paths.lock, owner);
    const heartbeat = setInterval(() => {
      this.#touch(paths.lock, owner).catch(() => {});
    }, this.#lockTtlMs / 3);
    (heartbeat as { unref?: () => void }).unref?.();
    try {
      return await fn({
        set: (token) => this.#write(key, paths, token, () => this.#assertOwner(paths.lock, owner)),
      });
    } finally {
      clearInterval(heartbeat);
      await this.#removeIf(paths.lock, (h) => h.owner === owner).catch(() => {});
    }
  }

  #key(): Promise<SealKey> {
    // The raw bytes are wiped once imported: from then on only the non-extractable CryptoKey exists.
    this.#sealKey ??= importSealKey(this.#rawKey).finally(() => this.#rawKey.fill(0));
    return this.#sealKey;
  }

  async #pathsOf(key: string): Promise<Paths> {
    if (typeof key !== 'string' || key === '') {
      throw new TypeError('The store key must be a non-empty string.');
    }
    // Hashed names: a key may be an e-mail address or contain `/`; neither belongs in a
    // file name. (Not cached: a digest costs microseconds, a cache grows with every user.)
    const digest = await crypto.subtle.digest('SHA-256', new Uint8Array(utf8(`oauthkit:${key}`)));
    const hash = toBase64Url(new Uint8Array(digest)).slice(0, 32);
    return {
      hash,
      token: this.#node.path.join(this.path, `${hash}.token`),
      lock: this.#node.path.join(this.path, `${hash}.lock`),
    };
  }

  #fail(action: string, path: string, cause: unknown): TokenStoreError {
    const code = errorCode(cause);
    const hint =
      code === 'ENOTDIR' || code === 'EEXIST'
        ? `The path option must be a directory, and ${this.path} is a file.`
        : 'Check that the directory is writable by this user and the disk is not full.';
    return new TokenStoreError(
      `FileTokenStore could not ${action} ${path}${code ? ` (${code})` : ''}. ${hint}`,
      { cause },
    );
  }

  #ensureDir(): Promise<void> {
    this.#dirReady ??= (async () => {
      const { fs } = this.#node;
      try {
        const created = await fs.mkdir(this.path, { recursive: true, mode: 0o700 });
        // mkdir's mode goes through the umask; make sure it is exactly 0700 when we made it.
        if (created !== undefined) await fs.chmod(this.path, 0o700);
      } catch (e) {
        this.#dirReady = undefined;
        throw this.#fail('create the directory', this.path, e);
      }
      this.#sweep().catch(() => {});
    })();
    return this.#dirReady;
  }

  /**
   * Removes temporary files left by processes that died mid-write or while waiting for a
   * lock (an hour old: live ones are milliseconds old, or touched on every lock attempt).
   */
  async #sweep(): Promise<void> {
    const { fs, path } = this.#node;
    const leftover =
      /^(\.[A-Za-z0-9_-]{32}\.[A-Za-z0-9_-]{12}\.tmp|[A-Za-z0-9_-]{32}\.lock\.[A-Za-z0-9_-]{12}\.(tmp|old))$/;
    for (const name of await fs.readdir(this.path)) {
      if (!leftover.test(name)) continue;
      const file = path.join(this.path, name);
      const { mtimeMs } = await fs.stat(file).catch(() => ({ mtimeMs: Date.now() }));
      if (Date.now() - mtimeMs > 3_600_000) await fs.unlink(file).catch(() => {});
    }
  }

  async #syncDir(): Promise<void> {
    // fsync on the directory makes the rename itself durable (POSIX); not every platform allows it.
    let dir: NodeFileHandle | undefined;
    try {
      dir = await this.#node.fs.open(this.path, 'r');
      await dir.sync();
    } catch {
      // Windows and some file systems refuse to open or fsync a directory.
    } finally {
      await dir?.close().catch(() => {});
    }
  }

  async #write(
    key: string,
    paths: Paths,
    token: TokenSet,
    fence?: () => Promise<void>,
  ): Promise<void> {
    const { fs } = this.#node;
    await this.#ensureDir();
    const sealed = await sealToken(await this.#key(), key, token);
    const tmp = this.#node.path.join(this.path, `.${paths.hash}.${randomToken(9)}.tmp`);
    try {
      let fh: NodeFileHandle;
      try {
        fh = await fs.open(tmp, 'wx', 0o600);
      } catch (e) {
        throw this.#fail('create', tmp, e);
      }
      try {
        await fh.chmod(0o600);
        await fh.write(sealed);
        await fh.sync();
      } catch (e) {
        throw this.#fail('write', tmp, e);
      } finally {
        await fh.close().catch(() => {});
      }
      if (fence) await fence();
      try {
        await fs.rename(tmp, paths.token);
      } catch (e) {
        throw this.#fail('replace', paths.token, e);
      }
    } catch (e) {
      await fs.unlink(tmp).catch(() => {});
      throw e;
    }
    await this.#syncDir();
  }

  async #readLock(path: string): Promise<Holder | undefined> {
    let raw: string;
    let mtimeMs: number;
    let fh: NodeFileHandle | undefined;
    try {
      // One handle for content and mtime, so both describe the same lock file.
      fh = await this.#node.fs.open(path, 'r');
      raw = fromUtf8(await fh.readFile());
      mtimeMs = (await fh.stat()).mtimeMs;
    } catch (e) {
      if (errorCode(e) === 'ENOENT') return undefined;
      throw this.#fail('read the lock', path, e);
    } finally {
      await fh?.close().catch(() => {});
    }
    const holder: Holder = { raw, mtimeMs };
    try {
      const v = JSON.parse(raw) as { owner?: unknown; pid?: unknown; host?: unknown };
      if (typeof v.owner === 'string') holder.owner = v.owner;
      if (typeof v.pid === 'number') holder.pid = v.pid;
      if (typeof v.host === 'string') holder.host = v.host;
    } catch {
      // Not ours or damaged: only its age can make it stale.
    }
    return holder;
  }

  #isStale(h: Holder): boolean {
    if (Date.now() - h.mtimeMs > this.#lockTtlMs) return true;
    const { process } = this.#node;
    if (h.pid === undefined || h.host !== this.#host || h.pid === process.pid) return false;
    try {
      process.kill(h.pid, 0);
      return false;
    } catch (e) {
      return errorCode(e) !== 'EPERM'; // EPERM: alive, another user's
    }
  }

  async #acquire(lockPath: string, owner: string): Promise<void> {
    const { fs } = this.#node;
    const content = JSON.stringify({
      owner,
      pid: this.#node.process.pid,
      host: this.#host,
      time: new Date().toISOString(),
    });
    // Written in full first, then hard-linked into place: link() fails if the lock exists,
    // and nobody ever sees an empty or half-written lock file.
    const candidate = `${lockPath}.${owner.slice(0, 12)}.tmp`;
    try {
      const fh = await fs.open(candidate, 'wx', 0o600);
      try {
        await fh.write(utf8(content));
      } finally {
        await fh.close();
      }
    } catch (e) {
      throw this.#fail('create the lock', candidate, e);
    }
    const deadline = Date.now() + this.#lockWaitMs;
    let delay = 5;
    try {
      for (;;) {
        try {
          await this.#place(candidate, lockPath, content);
          return;
        } catch (e) {
          if (errorCode(e) !== 'EEXIST') throw this.#fail('take the lock', lockPath, e);
        }
        const holder = await this.#readLock(lockPath);
        if (holder === undefined) continue; // released meanwhile: try again at once
        if (this.#isStale(holder)) {
          await this.#removeIf(lockPath, (h) => h.raw === holder.raw);
          continue;
        }
        if (Date.now() >= deadline) {
          throw new TokenStoreError(
            `FileTokenStore waited ${this.#lockWaitMs} ms for the lock ${lockPath}, held by pid ` +
              `${holder.pid ?? '?'} on ${holder.host ?? '?'}. A refresh is taking too long, or ` +
              'the holder hangs; raise lockWaitMs or check that process.',
          );
        }
        await sleep(delay * (0.5 + Math.random()));
        delay = Math.min(delay * 1.5, 100);
      }
    } finally {
      await fs.unlink(candidate).catch(() => {});
    }
  }

  /** Puts the lock file in place, or fails with EEXIST. */
  async #place(candidate: string, lockPath: string, content: string): Promise<void> {
    const { fs } = this.#node;
    if (this.#hardLinks) {
      try {
        // Fresh mtime first: a waiter's candidate may be older than lockTtlMs.
        await fs.utimes(candidate, new Date(), new Date());
        await fs.link(candidate, lockPath);
        return;
      } catch (e) {
        if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(errorCode(e) ?? '')) throw e;
        this.#hardLinks = false; // some FUSE and SMB mounts: fall back to O_EXCL
      }
    }
    // O_CREAT|O_EXCL: between the create and the write a reader sees an empty lock, which
    // it can only judge by age, so it is never taken over early.
    const fh = await fs.open(lockPath, 'wx', 0o600);
    try {
      await fh.write(utf8(content));
    } finally {
      await fh.close();
    }
  }

  /**
   * Removes the lock file if `matches(holder)`. The file is first renamed aside (atomic),
   * then checked: if it turns out to be a newer lock taken meanwhile, it is linked back.
   */
  async #removeIf(lockPath: string, matches: (h: Holder) => boolean): Promise<void> {
    const { fs } = this.#node;
    const current = await this.#readLock(lockPath);
    if (current === undefined || !matches(current)) return;
    const aside = `${lockPath}.${randomToken(9)}.old`;
    try {
      await fs.rename(lockPath, aside);
    } catch (e) {
      if (errorCode(e) === 'ENOENT') return;
      throw this.#fail('remove the lock', lockPath, e);
    }
    const moved = await this.#readLock(aside);
    if (moved !== undefined && !matches(moved)) {
      // A lock taken between our read and our rename: put it back (EEXIST: a third process
      // holds the lock now, and the displaced holder's fenced write will fail, as it should).
      await fs.link(aside, lockPath).catch(() => {});
    }
    await fs.unlink(aside).catch(() => {});
  }

  async #touch(lockPath: string, owner: string): Promise<void> {
    const h = await this.#readLock(lockPath);
    if (h?.owner !== owner) return;
    const now = new Date();
    await this.#node.fs.utimes(lockPath, now, now);
  }

  async #assertOwner(lockPath: string, owner: string): Promise<void> {
    const h = await this.#readLock(lockPath);
    if (h?.owner === owner) return;
    throw new TokenStoreError(
      `FileTokenStore lost the lock ${lockPath} before writing: it was not renewed for ` +
        `${this.#lockTtlMs} ms (process paused or overloaded?) and another process took it over. ` +
        'The token was not written, so the newer one stays; read the store again.',
    );
  }
}
