/**
 * The rarely taken paths of `OAuth2Client`, loaded (through `lazy.ts`) the first time one
 * is taken: building a client from discovered metadata, and the recovery after a refused
 * refresh token. The client passes in what they need, so its private state stays private.
 *
 * @module
 */
import { GrantLostError, OAuthError, OAuthResponseError } from '../errors.js';
import type { TokenSet } from '../tokens/token.js';
import type { ClientInternals, EndpointName, OAuth2ClientOptions } from './client.js';
import { type DiscoveryOptions, fetchMetadata } from './discovery.js';
import { storeKey } from './store-hooks.js';

/**
 * The options of `OAuth2Client.discover`: the discovered endpoints, overridden by the
 * explicit options, plus `issuer` and `metadata`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3
 */
export async function discover(
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
 * After `invalid_grant` on refresh: another process may have rotated the refresh token, so
 * the store is read once more; its newer token is used (refreshed if stale). Otherwise the
 * grant is gone: `GrantLostError`, announced through `onGrantLost` first. A refusal of the
 * stored token's refresh token too ends the same way, never in a loop.
 */
export async function recoverLostGrant(
  refused: OAuthResponseError,
  current: TokenSet,
  persist: ((t: TokenSet) => Promise<void>) | undefined,
  c: ClientInternals,
): Promise<TokenSet> {
  let error = refused;
  const store = c.options.store;
  const again = store ? await store.get(storeKey(c)) : undefined;
  if (again && again.refresh_token !== current.refresh_token) {
    if (!c.stale(again)) return c.hold(again);
    if (again.refresh_token) {
      try {
        return await c.renewNow(again, persist, false);
      } catch (e) {
        if (!(e instanceof OAuthResponseError) || e.error !== 'invalid_grant') throw e;
        error = e;
      }
    }
  }
  const lost = new GrantLostError(
    `The refresh token was refused (invalid_grant) and ${store ? 'the store holds no newer token' : 'there is no store to hold a newer one'}: the grant is gone. Ask the user to log in again.`,
    {
      error: error.error,
      errorDescription: error.errorDescription,
      errorUri: error.errorUri,
      status: error.status,
      response: error.response,
      cause: error,
    },
  );
  await c.options.onGrantLost?.(lost);
  throw lost;
}

/**
 * The error of a client without a usable token: none at all, or an expired one without a
 * refresh token. Worded here, so that the eager client ships no text for it.
 */
export function noToken(expired: boolean): OAuthError {
  return new OAuthError(
    expired
      ? 'The access token expired and there is no refresh token. Run the authorization flow again (ask for offline_access if the provider needs it).'
      : 'The client holds no token. Run the authorization flow (fetchToken) or a grant first, or pass a saved token.',
  );
}

/** The URL of an endpoint, or the TypeError saying that the client was not given it. */
export function endpoint(options: OAuth2ClientOptions, name: EndpointName): string {
  const url = options[name];
  if (!url) {
    throw new TypeError(`${name} is not configured: pass it, or use OAuth2Client.discover()`);
  }
  return url;
}
