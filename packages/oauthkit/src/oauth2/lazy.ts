/**
 * Everything `OAuth2Client` loads on first use (the grants beyond code + refresh, the device
 * flow, revocation, introspection, discovery, JWT client authentication), behind a single
 * `import()`. One lazy module rather than three: a bundler with code splitting makes one
 * chunk per combination of lazy modules that share code with the eager path, so three lazy
 * modules cost an app 4-5 small eager chunks (~0.9 kB gzip of chunk overhead) where one
 * costs a single shared chunk. Loading it costs ~3 kB gzip, once.
 *
 * @module
 */
// The JWT client auth methods under their RFC 7591 names (see jwtAuth in client-auth.ts).

export { validateAuthorizationResponse } from './authorization.js';
export {
  signWithClientSecret as client_secret_jwt,
  signWithPrivateKey as private_key_jwt,
} from './client-auth-jwt.js';
export {
  discover,
  endpoint,
  noToken,
  recoverLostGrant,
} from './client-rare.js';
export { fetchMetadata } from './discovery.js';
export * from './grants.js';
export { processTokenResponse } from './response.js';
