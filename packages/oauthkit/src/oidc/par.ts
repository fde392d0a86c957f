import { OAuthResponseError } from '../errors.js';
import { parseJsonObject, unexpected } from '../http/parse.js';
import type { HttpResult } from '../http/send.js';
import { secureUrl } from '../http/url.js';
import type { AuthorizationParams } from './jar.js';

/**
 * A validated pushed authorization response (RFC 9126 §2.2).
 *
 * @see https://www.rfc-editor.org/rfc/rfc9126#section-2.2
 */
export interface ParResponse {
  /** The reference to the pushed request, for the authorization URL. */
  request_uri: string;
  /** Seconds the `request_uri` is valid. */
  expires_in: number;
  /** When it expires, epoch seconds, from `expires_in` on receipt. */
  expires_at: number;
}

/**
 * The form body of a pushed authorization request (RFC 9126 §2.1): the authorization
 * parameters plus `client_id`. Client authentication is added by the caller, as for the
 * token endpoint. `request_uri` is refused (§2.1); a signed `request` object is fine.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9126#section-2.1
 * @example
 * ```ts
 * const body = createParRequestBody({ response_type: 'code', redirect_uri, scope, state }, { clientId });
 * const result = await send(metadata.pushed_authorization_request_endpoint, { method: 'POST', body, headers });
 * ```
 */
export function createParRequestBody(
  params: AuthorizationParams,
  options: { clientId: string },
): URLSearchParams {
  if (typeof options?.clientId !== 'string' || !options.clientId) {
    throw new TypeError('options.clientId must be a non-empty string');
  }
  const body = new URLSearchParams();
  const entries =
    params instanceof URLSearchParams
      ? [...params]
      : Object.entries(params).filter(([, v]) => v !== undefined);
  for (const [name, value] of entries) {
    if (name === 'request_uri')
      throw new TypeError('params.request_uri cannot be pushed (RFC 9126 §2.1)');
    if (name === 'client_id' && value !== options.clientId) {
      throw new TypeError('params.client_id differs from options.clientId');
    }
    if (name === 'client_id') continue;
    body.append(name, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  body.set('client_id', options.clientId);
  return body;
}

/**
 * Validates the pushed authorization response (RFC 9126 §2.2, §2.3): `201 Created` with a
 * JSON `request_uri` (string) and `expires_in` (positive number). An error body is an
 * `OAuthResponseError`; anything else an `UnexpectedResponseError`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9126#section-2.2
 * @example
 * ```ts
 * const { request_uri } = validateParResponse(await send(parEndpoint, init));
 * ```
 */
export function validateParResponse(
  result: HttpResult,
  options: { now?: (() => number) | undefined } = {},
): ParResponse {
  if (result.status !== 201) {
    if (result.status >= 400 && result.status < 600) {
      let body: Record<string, unknown> | undefined;
      try {
        body = parseJsonObject(result, 'the pushed authorization error');
      } catch {
        body = undefined;
      }
      if (body && typeof body.error === 'string') {
        const description =
          typeof body.error_description === 'string' ? body.error_description : undefined;
        throw new OAuthResponseError(
          `The pushed authorization request was refused: ${body.error}${description ? ` (${description})` : ''}. ` +
            'Check the authorization parameters and the client authentication.',
          {
            error: body.error,
            errorDescription: description,
            errorUri: typeof body.error_uri === 'string' ? body.error_uri : undefined,
            status: result.status,
            response: result.response,
          },
        );
      }
    }
    throw unexpected(
      result,
      'a pushed authorization request must be answered 201 Created',
      'Check pushed_authorization_request_endpoint in the provider metadata.',
    );
  }
  const body = parseJsonObject(result, 'the pushed authorization response');
  if (typeof body.request_uri !== 'string' || body.request_uri.length === 0) {
    throw unexpected(result, 'the response has no "request_uri" string', 'Check the PAR endpoint.');
  }
  const expiresIn = body.expires_in;
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw unexpected(
      result,
      'the response has no positive "expires_in" number',
      'Check the PAR endpoint.',
    );
  }
  const nowMs = options.now ? options.now() : Date.now();
  return {
    request_uri: body.request_uri,
    expires_in: expiresIn,
    expires_at: Math.floor(nowMs / 1000) + expiresIn,
  };
}

/**
 * The short authorization URL after a push (RFC 9126 §4): only `client_id` and
 * `request_uri`; every other parameter travels in the pushed request.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9126#section-4
 * @example
 * ```ts
 * const url = createParAuthorizationUrl(metadata.authorization_endpoint, { clientId, requestUri: par.request_uri });
 * ```
 */
export function createParAuthorizationUrl(
  authorizationEndpoint: string | URL,
  options: { clientId: string; requestUri: string },
): string {
  const url = secureUrl(authorizationEndpoint, 'authorizationEndpoint');
  if (typeof options?.clientId !== 'string' || !options.clientId) {
    throw new TypeError('options.clientId must be a non-empty string');
  }
  if (typeof options.requestUri !== 'string' || !options.requestUri) {
    throw new TypeError(
      'options.requestUri must be the request_uri from the pushed authorization response',
    );
  }
  url.searchParams.set('client_id', options.clientId);
  url.searchParams.set('request_uri', options.requestUri);
  return url.href;
}

/**
 * True when the provider requires PAR for every authorization request (RFC 9126 §5,
 * `require_pushed_authorization_requests`).
 *
 * @see https://www.rfc-editor.org/rfc/rfc9126#section-5
 * @example
 * ```ts
 * if (requiresPar(metadata)) url = await client.pushAuthorizationRequest(params);
 * ```
 */
export function requiresPar(metadata: {
  require_pushed_authorization_requests?: unknown;
}): boolean {
  return metadata.require_pushed_authorization_requests === true;
}
