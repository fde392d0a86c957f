import type { TokenSet } from '../token.js';

/**
 * Where tokens live between requests and between processes.
 *
 * With a store, `OAuth2Client` refreshes like this (issue: many workers, one rotating
 * refresh token): take `withLock(key)`, re-read the token, refresh only if it is still
 * stale, write the new token through `lock.set` before releasing and before anyone uses
 * it, release. Stores without `withLock` get the client's in-process single flight only.
 */
export interface TokenStore {
  get(key: string): Promise<TokenSet | undefined>;
  set(key: string, token: TokenSet): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Runs `fn` while holding an exclusive lock on `key`, across every process that shares
   * the store. A lock whose holder dies is released (by expiry or by the OS). `lock.set`
   * writes only while the lock is still held (a fencing check): a holder that outlived its
   * lock gets a `TokenStoreError` instead of overwriting a newer token.
   */
  withLock?<T>(key: string, fn: (lock: TokenLock) => Promise<T>): Promise<T>;
}

/** Handed to the function running under `withLock`. */
export interface TokenLock {
  /** Writes `token` under `key` if this lock is still held; throws `TokenStoreError` if not. */
  set(token: TokenSet): Promise<void>;
}
