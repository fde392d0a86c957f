/**
 * `oauthkit/providers`: provider presets as data (endpoints, default scopes, client
 * authentication) and the named quirk fixes some providers need. Each preset is its own
 * file, so an app that imports one preset bundles only that one.
 *
 * @module
 */
export {
  type AppleClientSecretOptions,
  apple,
  appleAuthorizationParams,
  appleClientSecret,
} from './apple.js';
export { type Auth0Options, auth0 } from './auth0.js';
export { discord } from './discord.js';
export { github } from './github.js';
export { type GitlabOptions, gitlab } from './gitlab.js';
export { google } from './google.js';
export { type KeycloakOptions, keycloak } from './keycloak.js';
export { linkedin } from './linkedin.js';
export {
  MICROSOFT_ISSUER_TEMPLATE,
  type MicrosoftOptions,
  microsoft,
  microsoftIssuer,
} from './microsoft.js';
export { type OktaOptions, okta } from './okta.js';
export type {
  OidcProviderPreset,
  PresetHooks,
  PresetOptions,
  ProviderPreset,
} from './preset.js';
export {
  defaultTokenType,
  formEncodedTokenResponse,
  githubQuirks,
  http200ErrorResponse,
} from './quirks.js';
export { slack } from './slack.js';
export { spotify } from './spotify.js';
export { type OAuth1ProviderPreset, x, xOAuth1 } from './x.js';
