/**
 * Microsoft identity platform (Entra ID, personal Microsoft accounts), v2.0 endpoints.
 *
 * @module
 */
import type { IdTokenClaims } from '../oidc/id-token.js';
import { type OidcProviderPreset, type PresetOptions, presetHooks } from './preset.js';

/** Options of {@link microsoft}. */
export interface MicrosoftOptions extends PresetOptions {
  /**
   * `common` (work, school and personal accounts), `organizations`, `consumers`, a tenant
   * id (GUID) or a tenant's domain name. Default `common`.
   */
  tenant?: string | undefined;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOGIN = 'https://login.microsoftonline.com';

/**
 * The issuer template of Microsoft's multi-tenant discovery documents; `{tenantid}` stands
 * for the tenant in each id_token's `tid`.
 *
 * @see https://learn.microsoft.com/en-us/entra/identity-platform/v2-protocols-oidc
 * @example
 * ```ts
 * microsoft({ tenant: 'common' }).issuer === MICROSOFT_ISSUER_TEMPLATE; // true
 * ```
 */
export const MICROSOFT_ISSUER_TEMPLATE = `${LOGIN}/{tenantid}/v2.0`;

/**
 * The named fix `microsoftIssuer`: the discovery documents of `common`, `organizations`
 * and `consumers` give the issuer as the template
 * `https://login.microsoftonline.com/{tenantid}/v2.0`, while each id_token's `iss` names
 * the user's tenant. Returns the `idTokenIssuer` hook that expects the template with
 * `{tenantid}` replaced by the token's own `tid` claim (a GUID); any other `iss`, and a
 * token without a GUID `tid`, is refused. Any tenant's users can then sign in, as a multi-tenant app intends: check
 * `claims.tid` against your allowed tenants if you need fewer.
 *
 * @see https://learn.microsoft.com/en-us/entra/identity-platform/access-tokens#validate-the-issuer
 * @example
 * ```ts
 * import { OidcClient } from 'oauthkit/oidc';
 * import { microsoftIssuer } from 'oauthkit/providers';
 *
 * const client = new OidcClient({
 *   clientId: 'app',
 *   issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0',
 *   authorizationEndpoint: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
 *   tokenEndpoint: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
 *   jwksUri: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
 *   hooks: { idTokenIssuer: microsoftIssuer() },
 * });
 * ```
 */
export function microsoftIssuer(
  template: string = MICROSOFT_ISSUER_TEMPLATE,
): (claims: IdTokenClaims) => string | undefined {
  return (claims) =>
    typeof claims.tid === 'string' && GUID.test(claims.tid)
      ? template.replace('{tenantid}', claims.tid)
      : undefined;
}

/**
 * Microsoft's v2.0 endpoints for a tenant. With a tenant id (GUID) the issuer is exact;
 * with `common`, `organizations`, `consumers` or a domain name it is the `{tenantid}`
 * template, and the fix `microsoftIssuer` checks each id_token's `iss` against the tenant
 * in its `tid` claim (`strict: true` turns it off, and then only a GUID tenant works).
 * Use the preset with `new OidcClient()`: `OidcClient.discover()` refuses the template
 * issuer, which differs from the discovery URL. `expires_in` as a string (v1.0 endpoints)
 * needs no fix: every client accepts numeric strings. No RFC 7009 revocation endpoint.
 *
 * @see https://learn.microsoft.com/en-us/entra/identity-platform/v2-protocols-oidc
 * @example
 * ```ts
 * import { OidcClient } from 'oauthkit/oidc';
 * import { microsoft } from 'oauthkit/providers';
 *
 * const client = new OidcClient({
 *   ...microsoft({ tenant: 'organizations' }),
 *   clientId: '00000000-0000-0000-0000-000000000000',
 *   clientSecret: process.env.ENTRA_SECRET,
 *   redirectUri: 'https://app.example.com/callback',
 * });
 * ```
 */
export function microsoft(options?: MicrosoftOptions): OidcProviderPreset {
  const tenant = options?.tenant ?? 'common';
  if (typeof tenant !== 'string' || !/^[\w.-]+$/.test(tenant)) {
    throw new TypeError(
      `tenant must be "common", "organizations", "consumers", a tenant id or a domain name, got ${JSON.stringify(tenant)}`,
    );
  }
  const base = `${LOGIN}/${tenant}`;
  const exact = GUID.test(tenant);
  const fix = microsoftIssuer();
  return {
    issuer: exact ? `${base}/v2.0` : MICROSOFT_ISSUER_TEMPLATE,
    authorizationEndpoint: `${base}/oauth2/v2.0/authorize`,
    tokenEndpoint: `${base}/oauth2/v2.0/token`,
    deviceAuthorizationEndpoint: `${base}/oauth2/v2.0/devicecode`,
    userinfoEndpoint: 'https://graph.microsoft.com/oidc/userinfo',
    jwksUri: `${base}/discovery/v2.0/keys`,
    scope: 'openid profile email offline_access',
    ...(exact
      ? {}
      : presetHooks('microsoft', options, [], (claims, report) => {
          const issuer = fix(claims);
          if (issuer)
            report('microsoftIssuer', "the id_token's iss was checked against its tid claim");
          return issuer;
        })),
  };
}
