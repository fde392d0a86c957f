/**
 * Keycloak (OpenID Connect).
 *
 * @module
 */
import { baseUrl, type OidcProviderPreset, type PresetOptions } from './preset.js';

/** Options of {@link keycloak}. */
export interface KeycloakOptions extends PresetOptions {
  /** The server, e.g. `https://sso.example.com` (Keycloak before 17: with its `/auth` path). */
  baseUrl: string;
  /** The realm's name. */
  realm: string;
}

/**
 * A Keycloak realm's endpoints. No fixes. Use the preset with `new OidcClient()`, or
 * `OidcClient.discover(keycloak({ baseUrl, realm }).issuer, ...)`.
 *
 * @see https://www.keycloak.org/securing-apps/oidc-layers
 * @example
 * ```ts
 * import { OidcClient } from 'oauthkit/oidc';
 * import { keycloak } from 'oauthkit/providers';
 *
 * const client = new OidcClient({
 *   ...keycloak({ baseUrl: 'https://sso.example.com', realm: 'main' }),
 *   clientId: 'app',
 *   clientSecret: process.env.KEYCLOAK_SECRET,
 *   redirectUri: 'https://app.example.com/callback',
 * });
 * ```
 */
export function keycloak(options: KeycloakOptions): OidcProviderPreset {
  const server = baseUrl(options?.baseUrl, 'baseUrl');
  if (typeof options.realm !== 'string' || options.realm === '') {
    throw new TypeError('realm must be the realm name (a non-empty string)');
  }
  const issuer = `${server}/realms/${encodeURIComponent(options.realm)}`;
  const oidc = `${issuer}/protocol/openid-connect`;
  return {
    issuer,
    authorizationEndpoint: `${oidc}/auth`,
    tokenEndpoint: `${oidc}/token`,
    revocationEndpoint: `${oidc}/revoke`,
    userinfoEndpoint: `${oidc}/userinfo`,
    deviceAuthorizationEndpoint: `${oidc}/auth/device`,
    jwksUri: `${oidc}/certs`,
    scope: 'openid profile email',
  };
}
