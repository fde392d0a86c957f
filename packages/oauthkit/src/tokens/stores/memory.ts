import type { TokenSet } from '../token.js';
import type { TokenLock, TokenStore } from './store.js';

/**
 * Tokens in this process's memory. The lock is an in-process queue per key, so it
 * serializes refreshes within one process; across processes use `FileTokenStore` or
 * `RedisTokenStore`.
 *
 * @example
 * ```ts
 * import { MemoryTokenStore } from 'oauthkit/stores';
 * const store = new MemoryTokenStore();
 * await store.set('alice', { access_token: 'at', token_type: 'Bearer' });
 * ```
 */
export class MemoryTokenStore implements TokenStore {
  readonly #tokens = new Map<string, TokenSet>();
  readonly #tails = new Map<string, Promise<unknown>>();

  async get(key: string): Promise<TokenSet | undefined> {
    const t = this.#tokens.get(key);
    return t === undefined ? undefined : structuredClone(t);
  }

  async set(key: string, token: TokenSet): Promise<void> {
    this.#tokens.set(key, structuredClone(token));
  }

  async delete(key: string): Promise<void> {
    this.#tokens.delete(key);
  }

  async withLock<T>(key: string, fn: (lock: TokenLock) => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    this.#tails.set(key, tail);
    await previous.catch(() => {});
    try {
      return await fn({ set: (token) => this.set(key, token) });
    } finally {
      release();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}
