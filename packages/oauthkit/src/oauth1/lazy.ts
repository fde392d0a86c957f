/**
 * Everything `OAuth1Auth` loads on first use, behind a single `import()`: RSA key import and
 * signing, `oauth_body_hash`, `sign(Request)` and `fetch()` with the timeout layer and its
 * errors, and the refusals of PLAINTEXT over http and of URLs that cannot be signed. One
 * lazy module, as in `oauth2/lazy.ts`: an app that builds `Authorization` headers with HMAC
 * loads none of it. It loads ~2.7 kB gzip, once.
 *
 * @module
 */
export { signRsa } from './methods.js';
export { checkPlaintext, signedFetch, signRequest } from './request.js';
export { parseRequestUrl } from './signature.js';
