/** A hand-made `HttpResult` (what `send()` returns), for unit tests of pure response validators. */
import type { HttpResult } from '../../src/http/send.js';

/** `body` is sent as is when a string, else as JSON; `type` is the content type. */
export function httpResult(
  status: number,
  body: unknown,
  type = 'application/json',
  url = 'https://as.example/token',
): HttpResult {
  const headers = new Headers({ 'content-type': type });
  return {
    status,
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    response: new Response(null, { status, headers }),
    url,
  };
}
