/**
 * `oauthkit/oidc`: the OpenID Connect and modern-spec building blocks. id_token validation
 * (Core §3.1.3.7) with a JWKS cache, UserInfo validation (§5.3), DPoP (RFC 9449), signed
 * request objects (RFC 9101) and pushed authorization requests (RFC 9126).
 *
 * @module
 */

export {
  type EndSessionParams,
  OidcClient,
  type OidcClientOptions,
  type OidcFetchTokenParams,
  type OidcHooks,
  type PushedAuthorizationRequest,
  readAuthorizationResponse,
} from './client.js';
export {
  type CreateDpopProofOptions,
  calculateAccessTokenHash,
  calculateDpopJkt,
  createDpopProof,
  DpopNonceCache,
  type DpopNonceCandidate,
  type DpopOption,
  dpopAuthorization,
  dpopHtu,
  generateDpopKeyPair,
  isDpopNonceError,
  resolveDpopKeyPair,
} from './dpop.js';
export {
  DEFAULT_CLOCK_TOLERANCE,
  type IdTokenClaims,
  type ValidateIdTokenOptions,
  validateIdToken,
  validateRefreshedIdToken,
} from './id-token.js';
export {
  type AuthorizationParams,
  type CreateRequestObjectOptions,
  createRequestObject,
} from './jar.js';
export { JwksCache, type JwksCacheOptions, validateJwksResponse } from './jwks.js';
export {
  createParAuthorizationUrl,
  createParRequestBody,
  type ParResponse,
  requiresPar,
  validateParResponse,
} from './par.js';
export {
  type UserinfoClaims,
  type ValidateUserinfoOptions,
  validateUserinfoResponse,
} from './userinfo.js';
export { type Challenge, parseWwwAuthenticate } from './www-authenticate.js';
