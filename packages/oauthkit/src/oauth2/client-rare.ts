/**
 * The rarely taken paths of `OAuth2Client`, loaded (through `lazy.ts`) the first time one
 * is taken: building a client from discovered metadata, the refresh-and-retry after a
 * `401 invalid_token`, and the recovery after a refused refresh token. The client passes
 * in what they need, so its private state stays private.
 *
 * @module
 */
import { GrantLostError, OAuthResponseError } from '../errors.js';
import { type HttpOptions, sendRaw } from '../http/send.js';
import type { TokenStore } from '../tokens/stores/store.js';
import type { TokenSet } from '../tokens/token.js';
import { type DiscoveryOptions, fetchMetadata } from './discovery.js';

/**
 * The options of `OAuth2Client.discover`: the discovered endpoints, overridden by the
 * explicit options, plus `issuer` and `metadata`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3
 */
export async function discoverOptions(
  issuer: string,
  options: Record<string, unknown> & Pick<DiscoveryOptions, 'algorithm'>,
): Promise<Record<string, unknown>> {
  const m = await fetchMetadata(issuer, options);
  const found: Record<string, unknown> = {
    authorizationEndpoint: m.authorization_endpoint,
    tokenEndpoint: m.token_endpoint,
    revocationEndpoint: m.revocation_endpoint,
    introspectionEndpoint: m.introspection_endpoint,
    deviceAuthorizationEndpoint: m.device_authorization_endpoint,
    userinfoEndpoint: m.userinfo_endpoint,
  };
  for (const [k, v] of Object.entries(options)) if (v !== undefined) found[k] = v;
  return { ...found, issuer, metadata: m };
}

/**
 * A 401 whose `WWW-Authenticate` says the access token is invalid: a `Bearer` (RFC 6750
 * §3.1) or `DPoP` (RFC 9449 §7.1, for OidcClient's DPoP-bound tokens) challenge.
 */
function invalidToken(response: Response): boolean {
  const h = response.headers.get('www-authenticate');
  return !!h && /\b(?:bearer|dpop)\b/i.test(h) && /error\s*=\s*"?invalid_token\b/i.test(h);
}

/** What `retryUnauthorized` needs from the client. */
export interface RetryContext {
  token: TokenSet;
  /** A new token that is not `rejected` (shared with concurrent callers). */
  renew(rejected: string): Promise<TokenSet>;
  /** True when the client can get a new token (a refresh token or a re-runnable grant). */
  renewable: boolean;
  authorize(request: Request, token: TokenSet): Promise<Request>;
  http: HttpOptions;
}

/**
 * After a 401 to `OAuth2Client.fetch`: with `error="invalid_token"` and a way to renew the
 * token, renews once and sends `spare` (the request's unsent copy) once; otherwise, or on a
 * second 401, the response is returned as is.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 */
export async function retryUnauthorized(
  response: Response,
  spare: Request,
  c: RetryContext,
): Promise<Response> {
  if (!invalidToken(response) || !c.renewable) return response;
  await response.body?.cancel().catch(() => {});
  const fresh = await c.renew(c.token.access_token);
  return sendRaw(await c.authorize(spare, fresh), c.http);
}

/** What `recoverLostGrant` needs from the client. */
export interface RecoverContext {
  store: TokenStore | undefined;
  storeKey: string;
  stale(token: TokenSet): boolean;
  /** Holds a token another process stored. */
  hold(token: TokenSet): TokenSet;
  /** Refreshes with `refreshToken` (that of `token`), then persists and holds the result. */
  refresh(token: TokenSet, refreshToken: string): Promise<TokenSet>;
  /** Awaited with the error before it is thrown (`OAuth2ClientOptions.onGrantLost`). */
  onGrantLost?: ((error: GrantLostError) => void | Promise<void>) | undefined;
}

/**
 * After `invalid_grant` on refresh: another process may have rotated the refresh token, so
 * the store is read once more; its newer token is used (refreshed if stale). Otherwise the
 * grant is gone: `GrantLostError`, announced through `onGrantLost` first. A refusal of the
 * stored token's refresh token too ends the same way, never in a loop.
 */
export async function recoverLostGrant(
  refused: OAuthResponseError,
  current: TokenSet,
  c: RecoverContext,
): Promise<TokenSet> {
  let error = refused;
  const again = c.store ? await c.store.get(c.storeKey) : undefined;
  if (again && again.refresh_token !== current.refresh_token) {
    if (!c.stale(again)) return c.hold(again);
    if (again.refresh_token) {
      try {
        return await c.refresh(again, again.refresh_token);
      } catch (e) {
        if (!(e instanceof OAuthResponseError) || e.error !== 'invalid_grant') throw e;
        error = e;
      }
    }
  }
  const lost = new GrantLostError(
    `The refresh token was refused (invalid_grant) and ${c.store ? 'the store holds no newer token' : 'there is no store to hold a newer one'}: the grant is gone. Ask the user to log in again.`,
    {
      error: error.error,
      errorDescription: error.errorDescription,
      errorUri: error.errorUri,
      status: error.status,
      response: error.response,
      cause: error,
    },
  );
  await c.onGrantLost?.(lost);
  throw lost;
}
