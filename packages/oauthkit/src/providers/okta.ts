/**
 * Okta (OpenID Connect), the org authorization server or a custom one.
 *
 * @module
 */
import { hostUrl, type OidcProviderPreset, type PresetOptions } from './preset.js';

/** Options of {@link okta}. */
export interface OktaOptions extends PresetOptions {
  /** The Okta domain, e.g. `example.okta.com`. */
  domain: string;
  /**
   * A custom authorization server's id, e.g. `default` (issuer `https://<domain>/oauth2/default`).
   * Default: the org authorization server (issuer `https://<domain>`).
   */
  authorizationServerId?: string | undefined;
}

/**
 * An Okta org's endpoints, of its org authorization server or of the custom one named by
 * `authorizationServerId`. No fixes. Use the preset with `new OidcClient()`, or
 * `OidcClient.discover(okta({ domain }).issuer, ...)`.
 *
 * @see https://developer.okta.com/docs/reference/api/oidc/
 * @example
 * ```ts
 * import { OidcClient } from 'oauthkit/oidc';
 * import { okta } from 'oauthkit/providers';
 *
 * const client = new OidcClient({
 *   ...okta({ domain: 'example.okta.com', authorizationServerId: 'default' }),
 *   clientId: 'app',
 *   clientSecret: process.env.OKTA_SECRET,
 *   redirectUri: 'https://app.example.com/callback',
 * });
 * ```
 */
export function okta(options: OktaOptions): OidcProviderPreset {
  const origin = hostUrl(options?.domain, 'domain');
  const id = options.authorizationServerId;
  if (id !== undefined && !/^[\w-]+$/.test(id)) {
    throw new TypeError(
      `authorizationServerId must be an id such as "default", got ${JSON.stringify(id)}`,
    );
  }
  const base = id === undefined ? `${origin}/oauth2` : `${origin}/oauth2/${id}`;
  return {
    issuer: id === undefined ? origin : base,
    authorizationEndpoint: `${base}/v1/authorize`,
    tokenEndpoint: `${base}/v1/token`,
    revocationEndpoint: `${base}/v1/revoke`,
    userinfoEndpoint: `${base}/v1/userinfo`,
    deviceAuthorizationEndpoint: `${base}/v1/device/authorize`,
    jwksUri: `${base}/v1/keys`,
    scope: 'openid profile email',
  };
}
