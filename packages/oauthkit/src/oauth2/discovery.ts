/**
 * Authorization server metadata (RFC 8414) and OpenID Provider discovery.
 *
 * @module
 */
import { OAuthError } from '../errors.js';
import { type HttpOptions, type HttpResult, send } from '../http/send.js';
import { secureUrl } from '../http/url.js';
import { processJsonResponse } from './response.js';

/** RFC 8414 §2 metadata; only what oauthkit reads is typed, everything else is kept. */
export interface AuthorizationServerMetadata {
  issuer: string;
  authorization_endpoint?: string;
  token_endpoint?: string;
  revocation_endpoint?: string;
  introspection_endpoint?: string;
  device_authorization_endpoint?: string;
  userinfo_endpoint?: string;
  jwks_uri?: string;
  token_endpoint_auth_methods_supported?: string[];
  code_challenge_methods_supported?: string[];
  authorization_response_iss_parameter_supported?: boolean;
  [field: string]: unknown;
}

/**
 * Validates a metadata response: a JSON object whose `issuer` equals the one asked for,
 * character for character (RFC 8414 §3.3).
 *
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3.3
 */
export function processDiscoveryResponse(
  result: HttpResult,
  expectedIssuer: string,
): AuthorizationServerMetadata {
  const body = processJsonResponse(result, 'The discovery document');
  if (body.issuer !== expectedIssuer) {
    throw new OAuthError(
      `The discovery document's issuer ${JSON.stringify(body.issuer)} is not the issuer asked for, ${JSON.stringify(expectedIssuer)} (RFC 8414 §3.3). Use the exact issuer the provider documents.`,
      { code: 'ERR_ISSUER_MISMATCH' },
    );
  }
  return body as AuthorizationServerMetadata;
}

/** The well-known URLs to try, in order: OpenID discovery (path appended), then RFC 8414 (path inserted). */
export function discoveryUrls(issuer: URL, algorithm: 'oidc' | 'oauth2' | 'auto'): URL[] {
  const path = issuer.pathname === '/' ? '' : issuer.pathname.replace(/\/$/, '');
  const oidc = new URL(`${path}/.well-known/openid-configuration`, issuer.origin);
  const oauth = new URL(`/.well-known/oauth-authorization-server${path}`, issuer.origin);
  if (algorithm === 'oidc') return [oidc];
  if (algorithm === 'oauth2') return [oauth];
  return [oidc, oauth];
}

/** Options of `fetchMetadata`. */
export interface DiscoveryOptions extends HttpOptions {
  /** Which well-known document: `oidc`, `oauth2` (RFC 8414), or `auto` (default: OpenID, then RFC 8414 on 404). */
  algorithm?: 'oidc' | 'oauth2' | 'auto';
  allowInsecureRequests?: boolean | undefined;
}

/**
 * Fetches and validates the metadata of `issuer`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig
 * @example
 * ```ts
 * const metadata = await fetchMetadata('https://accounts.example.com');
 * ```
 */
export async function fetchMetadata(
  issuer: string,
  options: DiscoveryOptions = {},
): Promise<AuthorizationServerMetadata> {
  const base = secureUrl(issuer, 'issuer', options.allowInsecureRequests);
  const urls = discoveryUrls(base, options.algorithm ?? 'auto');
  let result: HttpResult | undefined;
  for (const url of urls) {
    result = await send(url, { headers: { accept: 'application/json' } }, options);
    if (result.status !== 404) break;
  }
  return processDiscoveryResponse(result!, issuer);
}
