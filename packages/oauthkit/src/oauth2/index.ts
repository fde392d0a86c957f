/**
 * `oauthkit/oauth2`: the OAuth 2.0 client (RFC 6749, 6750, 7636, 7009, 7662, 8414, 8628,
 * 7523, 8693, 9207). Re-exports only. The modules `OAuth2Client` loads on first use
 * (discovery, device flow, revocation, introspection, JWT client auth) are not re-exported
 * here as values, so an app that does not use them does not load them.
 *
 * @module
 */
export {
  defaultTokenType,
  formEncodedTokenResponse,
  githubQuirks,
  http200ErrorResponse,
} from '../providers/quirks.js';
export type { TokenSet } from '../tokens/token.js';
export {
  type AuthorizationResponse,
  type AuthorizationResponseChecks,
  validateAuthorizationResponse,
} from './authorization.js';
export {
  type AuthorizationRequest,
  type AuthorizationUrlParams,
  type ExtraParams,
  type FetchTokenParams,
  OAuth2Client,
  type OAuth2ClientOptions,
} from './client.js';
export {
  type ClientAuth,
  type ClientAuthContext,
  type ClientAuthMethod,
  ClientSecretBasic,
  ClientSecretJwt,
  ClientSecretPost,
  type JwtAuthOptions,
  None,
  type PrivateJwk,
  PrivateKeyJwt,
} from './client-auth.js';
export type { DeviceAuthorization } from './device.js';
export type { AuthorizationServerMetadata, DiscoveryOptions } from './discovery.js';
export type { IntrospectionResponse } from './introspection.js';
export { computeCodeChallenge, generateCodeVerifier } from './pkce.js';
export {
  type OAuth2Hooks,
  processJsonResponse,
  processTokenResponse,
  type RawTokenResponse,
  type TokenResponseHook,
} from './response.js';
