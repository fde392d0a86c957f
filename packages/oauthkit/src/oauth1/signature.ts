/**
 * The signature base string of RFC 5849 §3.4.1: the exact bytes an OAuth 1.0a signature
 * covers. Exported for people who debug signatures; {@link OAuth1Auth} uses the same code.
 *
 * The RFC's worked example (§3.4.1.1), reproduced by the tests:
 *
 * ```text
 * POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7
 * ```
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4.1
 * @module
 */

/**
 * Parameters as the API accepts them: a `URLSearchParams`, a record of string or string[]
 * values (an array repeats the key), or `[name, value]` pairs. Names and values are plain
 * (decoded) text.
 */
export type ParamsInit =
  | URLSearchParams
  | Record<string, string | readonly string[]>
  | Iterable<readonly [string, string]>;

const UNRESERVED = /^[\w.~-]*$/;

/**
 * Percent-encodes `s` per RFC 5849 §3.6: every character outside the unreserved set
 * (`A-Z a-z 0-9 - . _ ~`) becomes `%XX` of its UTF-8 bytes, with upper-case hex.
 * (`encodeURIComponent` leaves `! ' ( ) *` alone; this does not.) A lone surrogate is
 * encoded as U+FFFD, as `TextEncoder` would.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.6
 * @example
 * ```ts
 * import { percentEncode } from 'oauthkit/oauth1';
 * percentEncode("Ladies + Gentlemen (it's ☃)"); // 'Ladies%20%2B%20Gentlemen%20%28it%27s%20%E2%98%83%29'
 * ```
 */
export function percentEncode(s: string): string {
  return UNRESERVED.test(s)
    ? s
    : // `!` is %21, ... `*` is %2A: ASCII, hex of the char code, upper-case.
      encodeURIComponent((s as unknown as { toWellFormed(): string }).toWellFormed()).replace(
        /[!'()*]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
      );
}

/** Encoded `[name, value]` pairs, in the order they are sent. */
export type EncodedPairs = Array<[string, string]>;

/**
 * Parameters collected for the base string, as `[name, value]` encoded twice: once per
 * §3.6, and once more as the base string carries the normalized parameters (§3.4.1.1).
 * The second encoding only turns `%` into `%25`, which keeps their sort order.
 */
export type Collected = Array<[string, string]>;

/**
 * `%` -> `%25`: the second encoding of an already encoded string (which holds only
 * unreserved characters and `%`, so `encodeURIComponent` changes nothing else).
 */
export const again = (s: string) => (s.includes('%') ? encodeURIComponent(s) : s);

/** Plain text encoded twice (§3.6, then again for the base string). */
const twice = (s: string) => again(percentEncode(s));

/**
 * Calls `each(name, value)` for the decoded parameters of any {@link ParamsInit} shape, in
 * order; an array value repeats its key.
 */
export function forEachParam(
  params: ParamsInit,
  each: (name: string, value: string) => void,
): void {
  if (params instanceof URLSearchParams || Symbol.iterator in params) {
    for (const [k, v] of params as Iterable<readonly [string, string]>) each(k, v);
    return;
  }
  // Object.keys, not Object.entries: ten times cheaper, and this is the hot path.
  for (const k of Object.keys(params)) {
    const v = (params as Record<string, string | readonly string[]>)[k]!;
    if (typeof v === 'string') each(k, v);
    else for (const item of v) each(k, item);
  }
}

/**
 * Adds decoded parameters of any {@link ParamsInit} shape to `out`. For an
 * `application/x-www-form-urlencoded` string (a query or a form body), pass
 * `new URLSearchParams(...)`: the WHATWG form parser keeps repeated keys and empty values,
 * takes `+` for a space and leaves a malformed `%` escape as text.
 */
export function addParams(out: Collected, params: ParamsInit): Collected {
  forEachParam(params, (k, v) => out.push([twice(k), twice(v)]));
  return out;
}

const byNameThenValue = (a: [string, string], b: [string, string]): number =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;

/**
 * The signature base string (§3.4.1.1) from the method, the URL and the collected
 * parameters (which are sorted in place): the normalized parameters (§3.4.1.3.2: sorted by
 * encoded name, then value, in byte order, joined as `name=value&...`, without
 * `oauth_signature`, §3.4.1.3.1) percent-encoded once more. The base string URI
 * (§3.4.1.2) is scheme and host lower-cased, the port only when it is not the scheme's
 * default, the path, and neither query nor fragment: the WHATWG URL parser has already
 * lower-cased and dropped a default port.
 */
export function baseString(method: string, url: URL, params: Collected): string {
  addParams(params, url.searchParams);
  let normalized = '';
  for (const [name, value] of params.sort(byNameThenValue)) {
    if (name !== 'oauth_signature') normalized += `%26${name}%3D${value}`;
  }
  return `${percentEncode(method.toUpperCase())}&${percentEncode(`${url.protocol}//${url.host}${url.pathname}`)}&${normalized.slice(3)}`;
}

/**
 * Parses a request URL for signing. Only `http:` and `https:` can be signed (§3.4.1.2
 * builds an http(s) URI).
 */
export function parseRequestUrl(url: string | URL): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`url must be an absolute URL, got ${JSON.stringify(String(url))}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`url must be an http(s) URL to be signed, got ${parsed.protocol}`);
  }
  return parsed;
}

/**
 * Builds the signature base string of RFC 5849 §3.4.1.1 for a request.
 *
 * @param method The HTTP method; upper-cased here.
 * @param url The full request URL. Its query parameters are collected from it (§3.4.1.3.1);
 *   the fragment is ignored.
 * @param params The request's other parameters, decoded: the protocol parameters
 *   (`oauth_*`, without `oauth_signature`) and, for an `application/x-www-form-urlencoded`
 *   body, the body's parameters. Not the header's `realm` (§3.4.1.3.1 excludes it; a query
 *   or form parameter named `realm` is signed). `oauth_signature` is left out if present.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4.1
 * @example
 * ```ts
 * import { signatureBaseString } from 'oauthkit/oauth1';
 *
 * const base = signatureBaseString('POST', 'http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b', [
 *   ['c2', ''],
 *   ['a3', '2 q'],
 *   ['oauth_consumer_key', '9djdj82h48djs9d2'],
 *   ['oauth_token', 'kkk9d7dh3k39sjv7'],
 *   ['oauth_signature_method', 'HMAC-SHA1'],
 *   ['oauth_timestamp', '137131201'],
 *   ['oauth_nonce', '7d8f3e4a'],
 * ]);
 * ```
 */
export function signatureBaseString(
  method: string,
  url: string | URL,
  params: ParamsInit = [],
): string {
  return baseString(method, parseRequestUrl(url), addParams([], params));
}
