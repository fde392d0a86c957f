import { UnexpectedResponseError } from '../errors.js';
import { quoteBody } from '../internal/redact.js';
import type { HttpResult } from './send.js';

/** The media type of a response, lower-cased, without parameters. */
export function mediaType(headers: Headers): string {
  return (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/** True when the body looks like an HTML page (a proxy or login page, not an API answer). */
export function looksLikeHtml(body: string): boolean {
  return /^\s*<(!doctype|html|head|body)/i.test(body);
}

/** An `UnexpectedResponseError` that quotes the redacted start of the body. */
export function unexpected(
  result: HttpResult,
  problem: string,
  advice: string,
): UnexpectedResponseError {
  const contentType = result.headers.get('content-type') ?? undefined;
  const bodyStart = quoteBody(result.body);
  const quoted = bodyStart
    ? ` The body starts: ${JSON.stringify(bodyStart)}.`
    : ' The body is empty.';
  const where = new URL(result.url);
  return new UnexpectedResponseError(
    `${where.origin}${where.pathname} answered HTTP ${result.status}${contentType ? ` (${contentType})` : ''}: ${problem}.${quoted} ${advice}`,
    { status: result.status, contentType, bodyStart, response: result.response },
  );
}

/** Parses a JSON object body. Anything else (HTML, invalid JSON, an array) is an `UnexpectedResponseError`. */
export function parseJsonObject(result: HttpResult, what: string): Record<string, unknown> {
  if (looksLikeHtml(result.body)) {
    throw unexpected(
      result,
      `${what} is an HTML page, not JSON`,
      'Check the endpoint URL; a proxy or login page may be in the way.',
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(result.body);
  } catch (cause) {
    const error = unexpected(
      result,
      `${what} is not valid JSON`,
      'Check the endpoint URL and the server logs.',
    );
    Object.defineProperty(error, 'cause', { value: cause, enumerable: false });
    throw error;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw unexpected(result, `${what} is JSON but not an object`, 'Check the endpoint URL.');
  }
  return value as Record<string, unknown>;
}

/** Parses an application/x-www-form-urlencoded body into a record (the last value of a repeated key wins). */
export function parseFormObject(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(body)) out[k] = v;
  return out;
}
