/**
 * Auth0 (OpenID Connect).
 *
 * @module
 */
import { hostUrl, type OidcProviderPreset, type PresetOptions } from './preset.js';

/** Options of {@link auth0}. */
export interface Auth0Options extends PresetOptions {
  /** The tenant's domain, e.g. `example.eu.auth0.com`, or its custom domain. */
  domain: string;
}

/**
 * An Auth0 tenant's endpoints. Note the issuer's trailing slash (`https://<domain>/`), as
 * in Auth0's id_tokens. No fixes. Use the preset with `new OidcClient()`, or
 * `OidcClient.discover(auth0({ domain }).issuer, ...)`.
 *
 * @see https://auth0.com/docs/get-started/applications/configure-applications-with-oidc-discovery
 * @example
 * ```ts
 * import { OidcClient } from 'oauthkit/oidc';
 * import { auth0 } from 'oauthkit/providers';
 *
 * const client = new OidcClient({
 *   ...auth0({ domain: 'example.eu.auth0.com' }),
 *   clientId: 'app',
 *   clientSecret: process.env.AUTH0_SECRET,
 *   redirectUri: 'https://app.example.com/callback',
 * });
 * ```
 */
export function auth0(options: Auth0Options): OidcProviderPreset {
  const base = hostUrl(options?.domain, 'domain');
  return {
    issuer: `${base}/`,
    authorizationEndpoint: `${base}/authorize`,
    tokenEndpoint: `${base}/oauth/token`,
    revocationEndpoint: `${base}/oauth/revoke`,
    userinfoEndpoint: `${base}/userinfo`,
    deviceAuthorizationEndpoint: `${base}/oauth/device/code`,
    jwksUri: `${base}/.well-known/jwks.json`,
    scope: 'openid profile email',
  };
}
