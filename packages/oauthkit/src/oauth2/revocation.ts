/**
 * Token revocation (RFC 7009).
 *
 * @module
 */
import type { HttpResult } from '../http/send.js';
import { processJsonResponse } from './response.js';

/**
 * Validates a revocation response: HTTP 200 means revoked (or already invalid, RFC 7009
 * §2.2; the body is ignored); an error body is an `OAuthResponseError`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.2
 */
export function processRevocationResponse(result: HttpResult): void {
  if (result.status !== 200) processJsonResponse(result, 'The revocation endpoint');
}
