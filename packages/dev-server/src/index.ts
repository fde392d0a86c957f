/**
 * `@oauthkit/dev-server`: an embedded OAuth 2.0 / OpenID Connect / OAuth 1.0a provider for
 * local development and tests, built on oidc-provider.
 *
 * @packageDocumentation
 */
export type {
  BrokenBody,
  Fault,
  FaultEndpoint,
  FaultSpec,
  OAuthErrorFault,
} from './faults.js';
export { createLibraryVerifier } from './oauth1/library-verifier.js';
export type { OAuth1VerificationInput, OAuth1Verifier } from './oauth1/verifier.js';
export {
  DEFAULT_CONFIDENTIAL_CLIENT,
  DEFAULT_OAUTH1_CONSUMER,
  DEFAULT_PUBLIC_CLIENT,
  DEFAULT_USER,
  type DevClient,
  type DevClientAuthMethod,
  type DevOAuth1Consumer,
  type DevServerOptions,
  type DevTokenTtl,
  type DevUser,
  type Jwk,
} from './options.js';
export {
  type ApproveDeviceOptions,
  type DevServer,
  type DevServerClient,
  type DevServerEndpoints,
  type DevServerUser,
  startDevServer,
} from './server.js';
