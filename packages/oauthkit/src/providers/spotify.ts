/**
 * Spotify (OAuth 2.0).
 *
 * @module
 */
import type { PresetOptions, ProviderPreset } from './preset.js';

/**
 * Spotify's accounts service (authorization code, with PKCE by default). Not OpenID
 * Connect, no revocation endpoint, no fixes; the user is at `https://api.spotify.com/v1/me`.
 *
 * @see https://developer.spotify.com/documentation/web-api/tutorials/code-pkce-flow
 * @example
 * ```ts
 * import { OAuth2Client } from 'oauthkit/oauth2';
 * import { spotify } from 'oauthkit/providers';
 *
 * const client = new OAuth2Client({
 *   ...spotify(),
 *   clientId: 'app',
 *   redirectUri: 'https://app.example.com/callback',
 * });
 * ```
 */
export function spotify(_options?: PresetOptions): ProviderPreset {
  return {
    authorizationEndpoint: 'https://accounts.spotify.com/authorize',
    tokenEndpoint: 'https://accounts.spotify.com/api/token',
    scope: 'user-read-email user-read-private',
  };
}
