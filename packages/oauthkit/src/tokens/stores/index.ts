/**
 * `oauthkit/stores`: where tokens live between requests and processes. Re-exports only.
 *
 * @module
 */
export { MemoryTokenStore } from './memory.js';
export type { TokenLock, TokenStore } from './store.js';
