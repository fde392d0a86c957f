/**
 * GitLab, gitlab.com or self-managed (OpenID Connect).
 *
 * @module
 */
import { baseUrl, type OidcProviderPreset, type PresetOptions } from './preset.js';

/** Options of {@link gitlab}. */
export interface GitlabOptions extends PresetOptions {
  /** The instance, e.g. `https://gitlab.example.com`. Default `https://gitlab.com`. */
  baseUrl?: string | undefined;
}

/**
 * GitLab's OpenID Connect endpoints on gitlab.com or a self-managed instance (`baseUrl`).
 * GitLab follows the specs: no fixes. Use the preset with `new OidcClient()`, or
 * `OidcClient.discover(gitlab().issuer, ...)`.
 *
 * @see https://docs.gitlab.com/ee/api/oauth2.html
 * @see https://docs.gitlab.com/ee/integration/openid_connect_provider.html
 * @example
 * ```ts
 * import { OidcClient } from 'oauthkit/oidc';
 * import { gitlab } from 'oauthkit/providers';
 *
 * const client = new OidcClient({
 *   ...gitlab({ baseUrl: 'https://gitlab.example.com' }),
 *   clientId: 'app',
 *   clientSecret: process.env.GITLAB_SECRET,
 *   redirectUri: 'https://app.example.com/callback',
 * });
 * ```
 */
export function gitlab(options?: GitlabOptions): OidcProviderPreset {
  const base = baseUrl(options?.baseUrl ?? 'https://gitlab.com', 'baseUrl');
  return {
    issuer: base,
    authorizationEndpoint: `${base}/oauth/authorize`,
    tokenEndpoint: `${base}/oauth/token`,
    revocationEndpoint: `${base}/oauth/revoke`,
    userinfoEndpoint: `${base}/oauth/userinfo`,
    deviceAuthorizationEndpoint: `${base}/oauth/authorize_device`,
    jwksUri: `${base}/oauth/discovery/keys`,
    scope: 'openid profile email',
  };
}
