/**
 * Google (OpenID Connect).
 *
 * @module
 */
import type { OidcProviderPreset, PresetOptions } from './preset.js';

/**
 * Google's OpenID Connect endpoints. Google follows the specs: no fixes, so `strict` and
 * `debug` change nothing. Use the preset with `new OidcClient()` (no network at start), or
 * `OidcClient.discover(google().issuer, ...)` to read the same values from discovery.
 *
 * @see https://developers.google.com/identity/openid-connect/openid-connect
 * @example
 * ```ts
 * import { OidcClient } from 'oauthkit/oidc';
 * import { google } from 'oauthkit/providers';
 *
 * const client = new OidcClient({
 *   ...google(),
 *   clientId: '1234.apps.googleusercontent.com',
 *   clientSecret: process.env.GOOGLE_SECRET,
 *   redirectUri: 'https://app.example.com/callback',
 * });
 * ```
 */
export function google(_options?: PresetOptions): OidcProviderPreset {
  return {
    issuer: 'https://accounts.google.com',
    authorizationEndpoint: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenEndpoint: 'https://oauth2.googleapis.com/token',
    revocationEndpoint: 'https://oauth2.googleapis.com/revoke',
    userinfoEndpoint: 'https://openidconnect.googleapis.com/v1/userinfo',
    deviceAuthorizationEndpoint: 'https://oauth2.googleapis.com/device/code',
    jwksUri: 'https://www.googleapis.com/oauth2/v3/certs',
    scope: 'openid email profile',
  };
}
