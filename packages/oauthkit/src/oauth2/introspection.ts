/**
 * Token introspection (RFC 7662).
 *
 * @module
 */
import { unexpected } from '../http/parse.js';
import type { HttpResult } from '../http/send.js';
import { processJsonResponse } from './response.js';

/** RFC 7662 §2.2 introspection response. */
export interface IntrospectionResponse {
  active: boolean;
  scope?: string;
  client_id?: string;
  username?: string;
  token_type?: string;
  exp?: number;
  iat?: number;
  nbf?: number;
  sub?: string;
  aud?: string | string[];
  iss?: string;
  jti?: string;
  [field: string]: unknown;
}

/**
 * Validates an introspection response: a JSON object with a boolean `active`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7662#section-2.2
 */
export function processIntrospectionResponse(result: HttpResult): IntrospectionResponse {
  const body = processJsonResponse(result, 'The introspection endpoint');
  if (typeof body.active !== 'boolean') {
    throw unexpected(
      result,
      'the introspection response has no boolean "active"',
      'Check the endpoint URL.',
    );
  }
  return body as IntrospectionResponse;
}
