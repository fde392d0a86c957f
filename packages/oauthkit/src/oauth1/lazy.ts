/**
 * Everything `OAuth1Auth` loads on first use, behind a single `import()`: RSA-* and
 * PLAINTEXT (with its refusal of plain http), `oauth_body_hash` for non-form bodies, the
 * query and body placements, `fetch()` with the timeout layer and its errors, and the
 * refusal of URLs that cannot be signed. One lazy module, as in `oauth2/lazy.ts`: an app
 * that signs with HMAC in the `Authorization` header, a request without a body or with a
 * form body, loads none of it (2.0 kB in all, `size-budget.json`). It loads ~2.6 kB gzip,
 * once.
 *
 * @module
 */

export { signSlow } from './methods-lazy.js';
export { signedFetch, signRequest } from './request.js';
export { parseRequestUrl } from './signature.js';
