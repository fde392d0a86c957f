/**
 * The code behind two options of `OAuth2Client`, loaded the first time a client that has
 * one needs it, so apps without them do not ship it: `store` (reading the token another
 * process stored, writing a new one, refreshing under the store's lock) and `hooks` (the
 * fixes run over each token response). Its own file rather than part of `bearer.ts` or
 * `lazy.ts`, so that an app calling APIs without a store, or keeping its token in one,
 * loads little code it does not run (the two parts are ~0.3 and ~0.1 kB gzip). Needs no
 * error class (scripts/bundle-entries.mjs fails the build if it imports `../errors.js`).
 *
 * @module
 */
import type { TokenSet } from '../tokens/token.js';
import type { ClientInternals } from './client.js';

/** `options.hooks`: run over every token-endpoint response before it is checked. */
export { applyHooks } from './token-check.js';

/** The token's key in the store: `storeKey`, else the client id. */
export const storeKey = (c: ClientInternals): string => c.options.storeKey ?? c.options.clientId;

/** The stored token, held; else the held one (a missing or stale token, with a store). */
export async function restore(c: ClientInternals): Promise<TokenSet | undefined> {
  const stored = await c.options.store?.get(storeKey(c));
  return stored ? c.hold(stored) : c.client.token;
}

/** Writes a new token to the store (no lock held: `lock.set` writes those). */
export async function save(c: ClientInternals, token: TokenSet): Promise<void> {
  await c.options.store?.set(storeKey(c), token);
}

/**
 * The renewal with a store: under its lock when it has one (`withLock`), the token is read
 * again first, since another process may have refreshed already; it is used when usable
 * (not stale, not `rejected`), else refreshed and written through the lock before anyone
 * uses it. A store without a lock is read once, then the client's own single flight is
 * all the coordination there is.
 */
export async function renewStored(
  c: ClientInternals,
  rejected: string | undefined,
): Promise<TokenSet> {
  const store = c.options.store;
  const key = storeKey(c);
  const next = (current: TokenSet | undefined, persist?: (t: TokenSet) => Promise<void>) =>
    current && !c.stale(current) && current.access_token !== rejected
      ? c.hold(current)
      : c.renewNow(current, persist);
  if (store?.withLock) {
    return store.withLock(key, async (lock) =>
      next((await store.get(key)) ?? c.client.token, (t) => lock.set(t)),
    );
  }
  return next((await store?.get(key)) || c.client.token);
}
