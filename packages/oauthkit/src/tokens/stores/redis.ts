import { NetworkError, TokenStoreError } from '../../errors.js';
import { fromBase64, toBase64Url } from '../../internal/encoding.js';
import { randomToken } from '../../internal/random.js';
import type { TokenSet } from '../token.js';
import {
  importSealKey,
  openToken,
  parseStoreKey,
  parseTokenJson,
  type SealKey,
  type StoreKey,
  sealToken,
} from './seal.js';
import type { TokenLock, TokenStore } from './store.js';

/**
 * The part of an `ioredis` client (`Redis` or `Cluster`) the store uses. Declared here so
 * that oauthkit never imports ioredis (you pass your own client) and its types do not pull
 * Node's into yours.
 */
export interface RedisClient {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<unknown>;
  del(key: string): Promise<number>;
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

export interface RedisTokenStoreOptions {
  /**
   * An `ioredis` client: `new Redis(...)` or `new Cluster(...)`. Make it fail fast when
   * Redis is down instead of holding commands in its offline queue across many reconnect
   * attempts (ioredis's default: 20 attempts, backing off to 5 s each):
   * `{ maxRetriesPerRequest: 1, connectTimeout: 2000, retryStrategy: (n) => Math.min(n * 100, 1000) }`
   * fails a command within about a second of Redis going away and drops it from the
   * queue (so it is never replayed later), and reconnects within a second of Redis coming
   * back. Add an `error` listener: connection errors then reach you through the commands.
   */
  redis: RedisClient;
  /** Namespace of the keys (default `oauthkit`): `{prefix:key}:token` and `{prefix:key}:lock`. */
  prefix?: string;
  /**
   * Lock expiry in ms (default 30 000). The holder renews it every third of that while its
   * function runs, so a long refresh keeps it; a holder that dies loses it after this long.
   */
  lockTtlMs?: number;
  /** How long `withLock` waits for a held lock before a `TokenStoreError`, in ms (default 60 000). */
  lockWaitMs?: number;
  /**
   * Optional encryption at rest: 32 bytes or their base64url. With a key, tokens are stored
   * AES-256-GCM sealed (as the file store does), and plain records are refused.
   */
  key?: StoreKey | undefined;
}

// Runs atomically in Redis. KEYS and ARGV as documented per script.
/** KEYS[1] lock, ARGV[1] owner, ARGV[2] ttl ms. */
const ACQUIRE = "return redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX')";
/** KEYS[1] lock, ARGV[1] owner: delete only our own lock. */
const RELEASE =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";
/** KEYS[1] lock, ARGV[1] owner, ARGV[2] ttl ms: extend only our own lock. */
const RENEW =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0";
/** KEYS[1] lock, KEYS[2] token, ARGV[1] owner, ARGV[2] value: the fenced write. */
const FENCED_SET =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[2], ARGV[2]) return 1 end return 0";

const SEALED_PREFIX = 'oauthkit:sealed:v1:';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function positive(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new TypeError(
      `RedisTokenStore option ${name} must be a positive number of ms, got ${value}.`,
    );
  }
  return value;
}

/** `host:port` (or the socket path) of the client, for error messages; never the password. */
function addressOf(redis: unknown): string {
  const r = redis as {
    options?: { host?: string; port?: number; path?: string };
    startupNodes?: unknown[];
  };
  if (Array.isArray(r.startupNodes)) {
    return r.startupNodes
      .map((n) => {
        if (typeof n === 'number') return `localhost:${n}`;
        if (typeof n === 'string') return n.replace(/\/\/[^@/]*@/, '//');
        const o = n as { host?: string; port?: number };
        return `${o.host ?? 'localhost'}:${o.port ?? 6379}`;
      })
      .join(', ');
  }
  if (r.options?.path) return r.options.path;
  return `${r.options?.host ?? 'localhost'}:${r.options?.port ?? 6379}`;
}

/**
 * Tokens in Redis, shared by every process and machine that uses it, with a lock for
 * refreshes that expires, is released only by its owner and fences writes.
 *
 * - Keys: `{prefix:key}:token` (the token as JSON, or sealed with `key`) and
 *   `{prefix:key}:lock`. The shared hash tag puts both in one Redis Cluster slot, so the
 *   scripts that touch both run on Cluster too.
 * - Lock: `SET lock owner NX PX lockTtlMs` with a random owner, renewed every
 *   `lockTtlMs / 3` while the function runs, released by a compare-and-delete script.
 * - Fencing: `lock.set` writes through a script that checks the lock still holds our owner
 *   value, atomically; a holder that outlived its lock gets a `TokenStoreError` and the
 *   newer token stays.
 * - Redis unreachable: a `NetworkError` naming `host:port` (never a password); the next
 *   call works once the client has reconnected.
 *
 * oauthkit does not import `ioredis`: install it and pass your client.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { RedisTokenStore } from 'oauthkit/redis';
 * const redis = new Redis(process.env.REDIS_URL!, {
 *   maxRetriesPerRequest: 1,
 *   connectTimeout: 2000,
 *   retryStrategy: (n) => Math.min(n * 100, 1000),
 * });
 * redis.on('error', () => {}); // failures surface as NetworkError on each call
 * const store = new RedisTokenStore({ redis, prefix: 'myapp' });
 * await store.withLock('alice', async (lock) => {
 *   const current = await store.get('alice');
 *   // refresh if current is still stale, then:
 *   await lock.set({ access_token: 'new', token_type: 'Bearer' });
 * });
 * ```
 */
export class RedisTokenStore implements TokenStore {
  readonly #redis: RedisClient;
  readonly #prefix: string;
  readonly #lockTtlMs: number;
  readonly #lockWaitMs: number;
  readonly #rawKey: Uint8Array | undefined;
  #sealKey: Promise<SealKey> | undefined;

  constructor(options: RedisTokenStoreOptions) {
    const redis = options?.redis as Partial<RedisClient> | undefined;
    if (typeof redis?.get !== 'function' || typeof redis.eval !== 'function') {
      throw new TypeError(
        'RedisTokenStore option redis must be an ioredis client (new Redis(...) or new Cluster(...)).',
      );
    }
    this.#redis = options.redis;
    const prefix = options.prefix ?? 'oauthkit';
    if (typeof prefix !== 'string' || /[{}]/.test(prefix)) {
      throw new TypeError('RedisTokenStore option prefix must be a string without { or }.');
    }
    this.#prefix = prefix;
    this.#lockTtlMs = Math.ceil(positive(options.lockTtlMs, 'lockTtlMs', 30_000));
    this.#lockWaitMs = positive(options.lockWaitMs, 'lockWaitMs', 60_000);
    this.#rawKey =
      options.key === undefined
        ? undefined
        : parseStoreKey(options.key, 'RedisTokenStore option key');
  }

  /** The Redis key names for a store key; both share the hash tag `{prefix:key}`. */
  keysOf(key: string): { token: string; lock: string } {
    if (typeof key !== 'string' || key === '') {
      throw new TypeError('The store key must be a non-empty string.');
    }
    const tag = `{${this.#prefix}:${key}}`;
    return { token: `${tag}:token`, lock: `${tag}:lock` };
  }

  async get(key: string): Promise<TokenSet | undefined> {
    const keys = this.keysOf(key);
    const value = await this.#call('GET', () => this.#redis.get(keys.token));
    if (value === null) return undefined;
    return this.#decode(key, keys.token, value);
  }

  async set(key: string, token: TokenSet): Promise<void> {
    const keys = this.keysOf(key);
    const value = await this.#encode(key, token);
    await this.#call('SET', () => this.#redis.set(keys.token, value));
  }

  async delete(key: string): Promise<void> {
    const keys = this.keysOf(key);
    await this.#call('DEL', () => this.#redis.del(keys.token));
  }

  async withLock<T>(key: string, fn: (lock: TokenLock) => Promise<T>): Promise<T> {
    const keys = this.keysOf(key);
    const owner = randomToken(16);
    await this.#acquire(keys.lock, owner);
    const heartbeat = setInterval(() => {
      this.#redis.eval(RENEW, 1, keys.lock, owner, this.#lockTtlMs).catch(() => {});
    }, this.#lockTtlMs / 3);
    (heartbeat as { unref?: () => void }).unref?.();
    try {
      return await fn({
        set: async (token) => {
          const value = await this.#encode(key, token);
          const written = await this.#call('EVAL', () =>
            this.#redis.eval(FENCED_SET, 2, keys.lock, keys.token, owner, value),
          );
          if (written !== 1) {
            throw new TokenStoreError(
              `RedisTokenStore lost the lock ${keys.lock} before writing: it expired after ` +
                `${this.#lockTtlMs} ms without renewal (process paused, or Redis unreachable) and ` +
                'another process may have taken it. The token was not written, so a newer one stays; read the store again.',
            );
          }
        },
      });
    } finally {
      clearInterval(heartbeat);
      // If Redis is unreachable now, the lock simply expires.
      await this.#redis.eval(RELEASE, 1, keys.lock, owner).catch(() => {});
    }
  }

  async #acquire(lockKey: string, owner: string): Promise<void> {
    const deadline = Date.now() + this.#lockWaitMs;
    let delay = 10;
    for (;;) {
      const ok = await this.#call('EVAL', () =>
        this.#redis.eval(ACQUIRE, 1, lockKey, owner, this.#lockTtlMs),
      );
      if (ok === 'OK') return;
      if (Date.now() >= deadline) {
        throw new TokenStoreError(
          `RedisTokenStore waited ${this.#lockWaitMs} ms for the lock ${lockKey} at ` +
            `${addressOf(this.#redis)}. A refresh elsewhere is taking too long; raise lockWaitMs, ` +
            'or check the holder (the lock expires lockTtlMs after its holder stops renewing it).',
        );
      }
      await sleep(delay * (0.5 + Math.random()));
      delay = Math.min(delay * 1.5, 200);
    }
  }

  /** Runs a command; connection trouble becomes `NetworkError`, a Redis error `TokenStoreError`. */
  async #call<R>(command: string, run: () => Promise<R>): Promise<R> {
    try {
      return await run();
    } catch (e) {
      const err = e as { name?: unknown; message?: unknown };
      const message = typeof err?.message === 'string' ? err.message : String(e);
      // Never keep ioredis's error as the cause: it may carry the command's arguments
      // (the token itself) in `command.args`.
      const cause = new Error(message);
      if (err?.name === 'ReplyError') {
        throw new TokenStoreError(
          `Redis at ${addressOf(this.#redis)} refused ${command}: ${message}. ` +
            'Check the server (memory, ACL permissions for EVAL, GET, SET, DEL).',
          { cause },
        );
      }
      throw new NetworkError(
        `Redis at ${addressOf(this.#redis)} is unreachable: ${command} did not complete (${message}). ` +
          'The client keeps reconnecting in the background; try again once Redis is up.',
        { cause },
      );
    }
  }

  #key(): Promise<SealKey> | undefined {
    if (this.#rawKey === undefined) return undefined;
    const raw = this.#rawKey;
    this.#sealKey ??= importSealKey(raw).finally(() => raw.fill(0));
    return this.#sealKey;
  }

  async #encode(key: string, token: TokenSet): Promise<string> {
    const sealKey = this.#key();
    if (sealKey === undefined) return JSON.stringify(token);
    return SEALED_PREFIX + toBase64Url(await sealToken(await sealKey, key, token));
  }

  async #decode(key: string, redisKey: string, value: string): Promise<TokenSet> {
    const where = `at Redis key ${redisKey}`;
    const sealKey = this.#key();
    const sealed = value.startsWith(SEALED_PREFIX);
    if (sealKey === undefined) {
      if (sealed) {
        throw new TokenStoreError(
          `The token ${where} is encrypted, and this RedisTokenStore has no key. Pass the same key option as the writer.`,
        );
      }
      return parseTokenJson(value, where);
    }
    if (!sealed) {
      throw new TokenStoreError(
        `The token ${where} is not encrypted, and this RedisTokenStore requires encryption (key option). ` +
          'Delete it and log in again, or drop the key option.',
      );
    }
    let bytes: Uint8Array;
    try {
      bytes = fromBase64(value.slice(SEALED_PREFIX.length));
    } catch (cause) {
      throw new TokenStoreError(
        `The token ${where} is corrupt (not base64url). Delete it and log in again.`,
        {
          cause,
        },
      );
    }
    return openToken(await sealKey, key, bytes, where);
  }
}
