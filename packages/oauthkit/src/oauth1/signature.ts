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

const UNRESERVED = /^[A-Za-z0-9\-._~]*$/;
const NOT_ENCODED_BY_JS = /[!'()*]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const hex = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`;

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
  if (UNRESERVED.test(s)) return s;
  let encoded: string;
  try {
    encoded = encodeURIComponent(s);
  } catch {
    encoded = encodeURIComponent(s.replace(LONE_SURROGATE, '\uFFFD'));
  }
  return encoded.replace(NOT_ENCODED_BY_JS, hex);
}

/** Decodes one `application/x-www-form-urlencoded` name or value (`+` is a space). */
function formDecode(s: string): string {
  if (UNRESERVED.test(s)) return s;
  const spaced = s.includes('+') ? s.replace(/\+/g, ' ') : s;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    // A stray `%` or bytes that are not UTF-8: the WHATWG parser keeps the former and turns
    // the latter into U+FFFD, as Python's parse_qsl does.
    return new URLSearchParams(`x=${s}`).get('x') ?? '';
  }
}

/** Encoded `[name, value]` pairs, ready to sort. */
export type EncodedPairs = Array<[string, string]>;

/**
 * Adds the parameters of an `application/x-www-form-urlencoded` string (a query without its
 * `?`, or a form body) to `out`, percent-encoded per §3.6. Repeated keys and empty values
 * are kept; `+` is a space.
 */
export function addFormString(out: EncodedPairs, s: string): EncodedPairs {
  if (s === '') return out;
  let start = 0;
  const n = s.length;
  while (start <= n) {
    let end = s.indexOf('&', start);
    if (end === -1) end = n;
    if (end > start) {
      const eq = s.indexOf('=', start);
      const hasValue = eq !== -1 && eq < end;
      const name = s.slice(start, hasValue ? eq : end);
      const value = hasValue ? s.slice(eq + 1, end) : '';
      out.push([percentEncode(formDecode(name)), percentEncode(formDecode(value))]);
    }
    start = end + 1;
  }
  return out;
}

/** Adds decoded parameters of any {@link ParamsInit} shape to `out`, percent-encoded. */
export function addParams(out: EncodedPairs, params: ParamsInit): EncodedPairs {
  if (params instanceof URLSearchParams || Symbol.iterator in params) {
    for (const [k, v] of params as Iterable<readonly [string, string]>) {
      out.push([percentEncode(k), percentEncode(v)]);
    }
    return out;
  }
  for (const k of Object.keys(params)) {
    const v = (params as Record<string, string | readonly string[]>)[k]!;
    const name = percentEncode(k);
    if (typeof v === 'string') out.push([name, percentEncode(v)]);
    else for (const item of v) out.push([name, percentEncode(item)]);
  }
  return out;
}

const byNameThenValue = (a: [string, string], b: [string, string]): number =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;

/**
 * §3.4.1.3.2: sorts encoded pairs by name, then value (byte order: the strings are ASCII),
 * and joins them as `name=value&...`. Sorts `pairs` in place.
 */
export function normalizeParameters(pairs: EncodedPairs): string {
  pairs.sort(byNameThenValue);
  let out = '';
  for (let i = 0; i < pairs.length; i++) {
    const p = pairs[i]!;
    out += i === 0 ? `${p[0]}=${p[1]}` : `&${p[0]}=${p[1]}`;
  }
  return out;
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
 * The base string URI of §3.4.1.2: scheme and host lower-cased, the port only when it is
 * not the scheme's default, the path, and neither query nor fragment. The WHATWG URL
 * parser has already done the lower-casing and dropped a default port.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4.1.2
 */
export function baseStringUri(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/**
 * The query of `url` without its `?`, safe to hand to a form parser: `URLSearchParams`
 * would drop one more leading `?` (a query of `??a=1` names its parameter `?a`).
 */
export function rawQuery(url: URL): string {
  return url.search.slice(1);
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
  const parsed = parseRequestUrl(url);
  const pairs = addParams(addFormString([], rawQuery(parsed)), params).filter(
    ([k]) => k !== 'oauth_signature',
  );
  return `${percentEncode(method.toUpperCase())}&${percentEncode(baseStringUri(parsed))}&${percentEncode(normalizeParameters(pairs))}`;
}
