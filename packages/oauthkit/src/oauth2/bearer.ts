/**
 * The bearer `fetch` of `OAuth2Client` (RFC 6750), with its retry after a `401
 * invalid_token`, loaded on the first `client.fetch()`: an app that only signs users in
 * does not ship it, and one that calls APIs loads this small file, not `lazy.ts` (the
 * grants, device flow, discovery). It sends through the client's `send` (handed over in
 * `ClientInternals`), so it ships no copy of the HTTP layer and needs no error class:
 * scripts/bundle-entries.mjs fails the build if it imports `../errors.js`.
 *
 * @module
 */
import type { ClientInternals } from './client.js';

/**
 * A 401 whose `WWW-Authenticate` says the access token is invalid: a `Bearer` (RFC 6750
 * §3.1) or `DPoP` (RFC 9449 §7.1, for OidcClient's DPoP-bound tokens) challenge.
 */
function invalidToken(response: Response): boolean {
  const h = response.headers.get('www-authenticate');
  return !!h && /\b(?:bearer|dpop)\b/i.test(h) && /error\s*=\s*"?invalid_token\b/i.test(h);
}

/**
 * `OAuth2Client.fetch` (the same name: the eager file has it anyway): the request with the fresh token (RFC 6750 §2.1). After a 401 with
 * `error="invalid_token"` and a way to renew the token (a refresh token, or a grant that
 * can run again), renews once and sends the request's unsent copy once; otherwise, or on a
 * second 401, the response is returned as is. A streamed body cannot be sent twice, so
 * such a request is not retried.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 */
export async function fetch(
  c: ClientInternals,
  input: string | URL | Request,
  init: RequestInit | undefined,
): Promise<Response> {
  const token = await c.client.freshToken();
  const first = new Request(input, init);
  const spare = init?.body instanceof ReadableStream || first.bodyUsed ? undefined : first.clone();
  const response = await c.send(await c.client.authorizeRequest(first, token));
  if (
    response.status !== 401 ||
    !spare ||
    !invalidToken(response) ||
    !(token.refresh_token || c.reacquirable)
  ) {
    return response;
  }
  await response.body?.cancel().catch(() => {});
  const fresh = await c.renew(token.access_token);
  return c.send(await c.client.authorizeRequest(spare, fresh));
}
