/**
 * What every preset shares: the shape of the data it returns, its `strict` and `debug`
 * options, and the wrapper that names each quirk fix and reports it once.
 *
 * @module
 */
import type { ClientAuthMethod } from '../oauth2/client-auth.js';
import type { RawTokenResponse, TokenResponseHook } from '../oauth2/response.js';
import type { IdTokenClaims } from '../oidc/id-token.js';

/**
 * The options every preset takes.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 * @example
 * ```ts
 * const preset = github({ debug: (message) => console.debug(message) });
 * const exact = github({ strict: true }); // no fixes: the responses must be compliant
 * ```
 */
export interface PresetOptions {
  /** `true` turns every quirk fix off (the preset returns no `hooks`). Default `false`. */
  strict?: boolean | undefined;
  /**
   * Called once per fix, with the fix's name and why, the first time that fix changes a
   * response of this preset (one preset per client: once per client). Never given token
   * values. Wire it to your logger's debug level.
   */
  debug?: ((message: string) => void) | undefined;
}

/**
 * The hooks a preset sets: token-response fixes for `OAuth2Client`, and for `OidcClient`
 * the id_token issuer of multi-tenant providers. Assignable to `OAuth2Hooks` and `OidcHooks`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 * @example
 * ```ts
 * const { hooks } = github(); // hooks.tokenResponse: the three GitHub fixes
 * ```
 */
export interface PresetHooks {
  tokenResponse?: readonly TokenResponseHook[];
  idTokenIssuer?: (claims: IdTokenClaims) => string | undefined;
}

/**
 * A provider preset: plain data that spreads into the options of `OAuth2Client` (and of
 * `OidcClient` when `issuer` and `jwksUri` are set).
 *
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2
 * @example
 * ```ts
 * const client = new OAuth2Client({ ...github(), clientId: 'app', clientSecret: 'secret' });
 * ```
 */
export interface ProviderPreset {
  issuer?: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  revocationEndpoint?: string;
  userinfoEndpoint?: string;
  deviceAuthorizationEndpoint?: string;
  jwksUri?: string;
  /** The default scopes, space-separated. */
  scope: string;
  tokenEndpointAuthMethod?: ClientAuthMethod;
  hooks?: PresetHooks;
}

/**
 * A preset of an OpenID Connect provider: `issuer` and `jwksUri` are set, so it spreads
 * into `new OidcClient()` without discovery.
 *
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata
 * @example
 * ```ts
 * const client = new OidcClient({ ...google(), clientId: 'app', clientSecret: 'secret' });
 * ```
 */
export interface OidcProviderPreset extends ProviderPreset {
  issuer: string;
  jwksUri: string;
}

/** @internal A token-response fix with its name and the reason it reports. */
export interface NamedFix {
  name: string;
  why: string;
  fix: TokenResponseHook;
}

/** @internal Reports `name` through `debug` once per preset. */
export function reporter(
  provider: string,
  options: PresetOptions | undefined,
): (name: string, why: string) => void {
  const seen = new Set<string>();
  return (name, why) => {
    if (seen.has(name)) return;
    seen.add(name);
    options?.debug?.(
      `oauthkit/providers: ${provider}: applied fix ${name} (${why}); pass strict: true to turn the fixes off.`,
    );
  };
}

/**
 * @internal The `hooks` of a preset: each fix wrapped so that the first response it changes
 * is reported; none with `strict: true`.
 */
export function presetHooks(
  provider: string,
  options: PresetOptions | undefined,
  fixes: readonly NamedFix[],
  idTokenIssuer?: (
    claims: IdTokenClaims,
    report: (name: string, why: string) => void,
  ) => string | undefined,
): { hooks?: PresetHooks } {
  if (options?.strict === true) return {};
  const report = reporter(provider, options);
  const hooks: PresetHooks = {};
  if (fixes.length > 0) {
    hooks.tokenResponse = fixes.map(({ name, why, fix }) => (raw: RawTokenResponse) => {
      const out = fix(raw);
      if (out !== raw) report(name, why);
      return out;
    });
  }
  if (idTokenIssuer) hooks.idTokenIssuer = (claims) => idTokenIssuer(claims, report);
  return { hooks };
}

/**
 * @internal `https://<domain>` for presets configured by host name (Auth0, Okta); refuses
 * anything that is not a bare host name, so a typo cannot point the client elsewhere.
 */
export function hostUrl(domain: string, what: string): string {
  let url: URL | undefined;
  try {
    url = new URL(`https://${domain}`);
  } catch {}
  if (typeof domain !== 'string' || !url || url.host !== domain.toLowerCase() || !domain) {
    throw new TypeError(
      `${what} must be a host name such as "example.eu.auth0.com" (no scheme, no path), got ${JSON.stringify(domain)}`,
    );
  }
  return url.origin;
}

/**
 * @internal A base URL without its trailing slash; https (or loopback http, for tests
 * against a local instance) is checked by the client at construction.
 */
export function baseUrl(value: string, what: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {}
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash) {
    throw new TypeError(
      `${what} must be an absolute https URL without query or fragment, such as "https://gitlab.example.com", got ${JSON.stringify(value)}`,
    );
  }
  return url.href.replace(/\/+$/, '');
}
