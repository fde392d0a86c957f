/**
 * Sign in with Slack (OpenID Connect).
 *
 * @module
 */
import { type OidcProviderPreset, type PresetOptions, presetHooks } from './preset.js';
import { http200ErrorResponse } from './quirks.js';

/**
 * Slack's OpenID Connect endpoints. Slack's Web API answers errors with HTTP 200 and
 * `{"ok": false, "error": "invalid_code"}`: the fix `http200ErrorResponse` turns that into
 * an `OAuthResponseError` with that `error`. Slack has no revocation or device endpoint.
 *
 * @see https://api.slack.com/authentication/sign-in-with-slack
 * @example
 * ```ts
 * import { OidcClient } from 'oauthkit/oidc';
 * import { slack } from 'oauthkit/providers';
 *
 * const client = new OidcClient({
 *   ...slack(),
 *   clientId: '1234.5678',
 *   clientSecret: process.env.SLACK_SECRET,
 *   redirectUri: 'https://app.example.com/callback',
 * });
 * ```
 */
export function slack(options?: PresetOptions): OidcProviderPreset {
  return {
    issuer: 'https://slack.com',
    authorizationEndpoint: 'https://slack.com/openid/connect/authorize',
    tokenEndpoint: 'https://slack.com/api/openid.connect.token',
    userinfoEndpoint: 'https://slack.com/api/openid.connect.userInfo',
    jwksUri: 'https://slack.com/openid/connect/keys',
    scope: 'openid profile email',
    ...presetHooks('slack', options, [
      {
        name: 'http200ErrorResponse',
        why: 'the token endpoint sent an error object with HTTP 200',
        fix: http200ErrorResponse,
      },
    ]),
  };
}
