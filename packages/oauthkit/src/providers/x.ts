/**
 * X (formerly Twitter): OAuth 2.0 with PKCE, and OAuth 1.0a.
 *
 * @module
 */
import type { PresetOptions, ProviderPreset } from './preset.js';

/**
 * X's OAuth 2.0 endpoints (authorization code with PKCE, which `OAuth2Client` sends by
 * default). Confidential clients authenticate with HTTP Basic (the default with a
 * `clientSecret`); public clients pass `tokenEndpointAuthMethod: 'none'`. Not OpenID
 * Connect; no fixes. `offline.access` in the scope is what brings a refresh token.
 *
 * @see https://docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code
 * @example
 * ```ts
 * import { OAuth2Client } from 'oauthkit/oauth2';
 * import { x } from 'oauthkit/providers';
 *
 * const client = new OAuth2Client({
 *   ...x(),
 *   clientId: 'app',
 *   clientSecret: process.env.X_SECRET,
 *   redirectUri: 'https://app.example.com/callback',
 * });
 * ```
 */
export function x(_options?: PresetOptions): ProviderPreset {
  return {
    authorizationEndpoint: 'https://x.com/i/oauth2/authorize',
    tokenEndpoint: 'https://api.x.com/2/oauth2/token',
    revocationEndpoint: 'https://api.x.com/2/oauth2/revoke',
    scope: 'tweet.read users.read offline.access',
  };
}

/**
 * The URLs of an OAuth 1.0a provider, for the methods of `OAuth1Client` (which take them
 * per call, RFC 5849 §2).
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2
 * @example
 * ```ts
 * const { requestTokenUrl, authorizationUrl, accessTokenUrl } = xOAuth1();
 * ```
 */
export interface OAuth1ProviderPreset {
  /** For `fetchRequestToken(url)` (§2.1). */
  requestTokenUrl: string;
  /** For `createAuthorizationUrl(url)` (§2.2). */
  authorizationUrl: string;
  /** For `fetchAccessToken(url)` (§2.3). */
  accessTokenUrl: string;
}

/**
 * X's OAuth 1.0a endpoints (3-legged flow, HMAC-SHA1, `OAuth1Client`'s defaults).
 *
 * @see https://docs.x.com/fundamentals/authentication/oauth-1-0a/obtaining-user-access-tokens
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2
 * @example
 * ```ts
 * import { OAuth1Client } from 'oauthkit/oauth1';
 * import { xOAuth1 } from 'oauthkit/providers';
 *
 * const urls = xOAuth1();
 * const client = new OAuth1Client({
 *   clientId: 'consumer-key',
 *   clientSecret: process.env.X_CONSUMER_SECRET,
 *   redirectUri: 'https://app.example.com/callback',
 * });
 * await client.fetchRequestToken(urls.requestTokenUrl);
 * const url = client.createAuthorizationUrl(urls.authorizationUrl);
 * ```
 */
export function xOAuth1(): OAuth1ProviderPreset {
  return {
    requestTokenUrl: 'https://api.x.com/oauth/request_token',
    authorizationUrl: 'https://api.x.com/oauth/authorize',
    accessTokenUrl: 'https://api.x.com/oauth/access_token',
  };
}
