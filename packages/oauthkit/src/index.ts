/**
 * oauthkit: OAuth 1.0a, OAuth 2.0 and OpenID Connect for TypeScript.
 * Re-exports only; each protocol also has its own subpath (`oauthkit/oauth1`, ...).
 *
 * @module
 */
export * from './errors.js';
export * from './oauth1/index.js';
export * from './oauth2/index.js';
export * from './oidc/index.js';
export * from './tokens/stores/index.js';
