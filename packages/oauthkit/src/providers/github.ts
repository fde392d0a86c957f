/**
 * GitHub (OAuth apps and GitHub Apps acting for a user). Not OpenID Connect.
 *
 * @module
 */
import { type PresetOptions, type ProviderPreset, presetHooks } from './preset.js';
import { defaultTokenType, formEncodedTokenResponse, http200ErrorResponse } from './quirks.js';

/**
 * GitHub's OAuth endpoints, with the fixes its token endpoint needs: a form-encoded body
 * (`formEncodedTokenResponse`), errors such as `bad_verification_code` sent with HTTP 200
 * (`http200ErrorResponse`), and no `token_type` (`defaultTokenType`). GitHub has no RFC 7009
 * revocation endpoint and no discovery; the user's profile is `https://api.github.com/user`.
 *
 * @see https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps
 * @example
 * ```ts
 * import { OAuth2Client } from 'oauthkit/oauth2';
 * import { github } from 'oauthkit/providers';
 *
 * const client = new OAuth2Client({
 *   ...github(),
 *   clientId: 'Iv1.0123456789abcdef',
 *   clientSecret: process.env.GITHUB_SECRET,
 *   redirectUri: 'https://app.example.com/callback',
 * });
 * ```
 */
export function github(options?: PresetOptions): ProviderPreset {
  return {
    authorizationEndpoint: 'https://github.com/login/oauth/authorize',
    tokenEndpoint: 'https://github.com/login/oauth/access_token',
    deviceAuthorizationEndpoint: 'https://github.com/login/device/code',
    scope: 'read:user user:email',
    tokenEndpointAuthMethod: 'client_secret_post',
    ...presetHooks('github', options, [
      {
        name: 'formEncodedTokenResponse',
        why: 'the token endpoint answered form-encoded instead of JSON',
        fix: formEncodedTokenResponse,
      },
      {
        name: 'http200ErrorResponse',
        why: 'the token endpoint sent an error object with HTTP 200',
        fix: http200ErrorResponse,
      },
      {
        name: 'defaultTokenType',
        why: 'the token response had no token_type; Bearer assumed',
        fix: defaultTokenType,
      },
    ]),
  };
}
