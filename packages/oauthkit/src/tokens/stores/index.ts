/**
 * `oauthkit/stores`: where tokens live between requests and processes.
 * Re-exports only. `FileTokenStore` loads Node modules at run time, so this entry point
 * bundles for browsers too (for `MemoryTokenStore`).
 *
 * @module
 */
export type { FileTokenStoreOptions } from './file.js';
export { FileTokenStore } from './file.js';
export { MemoryTokenStore } from './memory.js';
export type { StoreKey } from './seal.js';
export type { TokenLock, TokenStore } from './store.js';
