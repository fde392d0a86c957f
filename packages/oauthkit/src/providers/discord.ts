/**
 * Discord (OAuth 2.0).
 *
 * @module
 */
import type { PresetOptions, ProviderPreset } from './preset.js';

/**
 * Discord's OAuth 2.0 endpoints, as its RFC 8414 metadata lists them
 * (`https://discord.com/.well-known/oauth-authorization-server`). The `issuer` is set, so
 * the RFC 9207 `iss` that Discord adds to the callback is checked. No fixes; the user is
 * at `https://discord.com/api/users/@me`.
 *
 * @see https://discord.com/developers/docs/topics/oauth2
 * @example
 * ```ts
 * import { OAuth2Client } from 'oauthkit/oauth2';
 * import { discord } from 'oauthkit/providers';
 *
 * const client = new OAuth2Client({
 *   ...discord(),
 *   clientId: '123456789012345678',
 *   clientSecret: process.env.DISCORD_SECRET,
 *   redirectUri: 'https://app.example.com/callback',
 * });
 * ```
 */
export function discord(_options?: PresetOptions): ProviderPreset {
  return {
    issuer: 'https://discord.com',
    authorizationEndpoint: 'https://discord.com/api/oauth2/authorize',
    tokenEndpoint: 'https://discord.com/api/oauth2/token',
    revocationEndpoint: 'https://discord.com/api/oauth2/token/revoke',
    scope: 'identify email',
  };
}
