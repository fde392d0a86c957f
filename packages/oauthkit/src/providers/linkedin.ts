/**
 * Sign In with LinkedIn using OpenID Connect.
 *
 * @module
 */
import type { OidcProviderPreset, PresetOptions } from './preset.js';

/**
 * LinkedIn's OpenID Connect endpoints (issuer `https://www.linkedin.com/oauth`). LinkedIn
 * takes the client secret in the body (`client_secret_post`). No fixes. Use the preset
 * with `new OidcClient()`, or `OidcClient.discover(linkedin().issuer, ...)`.
 *
 * @see https://learn.microsoft.com/en-us/linkedin/consumer/integrations/self-serve/sign-in-with-linkedin-v2
 * @example
 * ```ts
 * import { OidcClient } from 'oauthkit/oidc';
 * import { linkedin } from 'oauthkit/providers';
 *
 * const client = new OidcClient({
 *   ...linkedin(),
 *   clientId: 'app',
 *   clientSecret: process.env.LINKEDIN_SECRET,
 *   redirectUri: 'https://app.example.com/callback',
 * });
 * ```
 */
export function linkedin(_options?: PresetOptions): OidcProviderPreset {
  return {
    issuer: 'https://www.linkedin.com/oauth',
    authorizationEndpoint: 'https://www.linkedin.com/oauth/v2/authorization',
    tokenEndpoint: 'https://www.linkedin.com/oauth/v2/accessToken',
    userinfoEndpoint: 'https://api.linkedin.com/v2/userinfo',
    jwksUri: 'https://www.linkedin.com/oauth/openid/jwks',
    scope: 'openid profile email',
    tokenEndpointAuthMethod: 'client_secret_post',
  };
}
