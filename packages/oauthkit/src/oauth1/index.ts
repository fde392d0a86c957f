/**
 * `oauthkit/oauth1`: OAuth 1.0a (RFC 5849). `OAuth1Client` runs the 3-legged flow and signs
 * requests; `OAuth1Auth` signs requests for any HTTP client; `signatureBaseString` and
 * `percentEncode` are there for debugging signatures.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849
 * @module
 */
export {
  OAuth1Auth,
  type OAuth1AuthOptions,
  type OAuth1Credentials,
  SIGNATURE_METHODS,
  type SignatureType,
} from './auth.js';
export {
  type OAuth1AuthorizationResponse,
  OAuth1Client,
  type OAuth1ClientOptions,
  type OAuth1Token,
  type RequestToken,
} from './client.js';
export type { SignatureMethod } from './methods.js';
export { type ParamsInit, percentEncode, signatureBaseString } from './signature.js';
