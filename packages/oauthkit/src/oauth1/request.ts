/**
 * Signing and sending whole requests (RFC 5849 §3.5 placements, `oauth_body_hash`,
 * `Request` plumbing, the timeout layer): what `OAuth1Auth.sign` and `fetch` and
 * `OAuth1Client` need beyond the signing core in `auth.ts`. `OAuth1Auth` loads it on first
 * use through `lazy.ts`, so an app that only builds `Authorization` headers never ships it.
 * It uses only the public members of `OAuth1Auth`: the lazy bundle has its own copies of
 * the modules it imports, and private fields do not cross copies.
 *
 * @module
 */
import { InsecureUrlError } from '../errors.js';
import { mediaType } from '../http/parse.js';
import { sendRaw } from '../http/send.js';
import { isLoopbackHost } from '../http/url.js';
import { fromUtf8, utf8 } from '../internal/encoding.js';
import type { OAuth1Auth, ProtocolParams } from './auth.js';
import { bodyHash } from './methods-lazy.js';
import { type EncodedPairs, parseRequestUrl } from './signature.js';

const FORM = 'application/x-www-form-urlencoded';

/** A body that can be signed without building a `Request`. */
export type PlainBody = string | URLSearchParams | Bytes;

type Bytes = Uint8Array<ArrayBuffer>;

/** The parts of a signed request. */
export interface SignedParts {
  url: string;
  headers: Headers;
  body: string | Bytes | undefined;
}

const joinPairs = (pairs: EncodedPairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&');

/** `url` without its fragment, with `query` (already encoded) appended to its query. */
export function appendQuery(url: URL, query: string): string {
  // Not `url.hash`: it is '' for a bare trailing "#", which `href` keeps.
  const end = url.href.indexOf('#');
  const href = end === -1 ? url.href : url.href.slice(0, end);
  if (query === '') return href;
  return href + (url.search.length > 1 ? '&' : href.endsWith('?') ? '' : '?') + query;
}

/**
 * Signs a request given as parts with `signer` and places the parameters per `signatureType`. The
 * headers object is updated in place and returned.
 */
export async function signParts(
  signer: OAuth1Auth,
  method: string,
  url: URL,
  headers: Headers,
  body: PlainBody | undefined,
  over?: ProtocolParams,
): Promise<SignedParts> {
  const form = body instanceof URLSearchParams || mediaType(headers) === FORM;
  let formString: string | undefined;
  let hash: string | undefined;
  if (form && body !== undefined) {
    formString =
      typeof body === 'string'
        ? body
        : body instanceof Uint8Array
          ? fromUtf8(body)
          : body.toString();
    if (!headers.has('content-type')) headers.set('content-type', FORM);
  } else if (body !== undefined) {
    const bytes = typeof body === 'string' ? utf8(body) : (body as Bytes);
    hash = await bodyHash(signer.signatureMethod, bytes);
  }
  const oauth = await signer.protocolParams(
    method,
    url,
    formString,
    hash === undefined
      ? over
      : { ...over, extra: [['oauth_body_hash', hash], ...(over?.extra ?? [])] },
  );

  const upper = method.toUpperCase();
  if (
    signer.signatureType === 'body' &&
    (formString !== undefined ||
      (body === undefined && (upper === 'POST' || upper === 'PUT' || upper === 'PATCH')))
  ) {
    // §3.5.2: appended to the form body.
    headers.set('content-type', FORM);
    const extra = joinPairs(oauth);
    return { url: url.href, headers, body: formString ? `${formString}&${extra}` : extra };
  }
  // The body goes out as it came (bytes stay bytes); URLSearchParams as its string.
  const rest = body instanceof URLSearchParams ? formString : body;
  if (signer.signatureType === 'query') {
    // §3.5.3: appended to the query.
    return { url: appendQuery(url, joinPairs(oauth)), headers, body: rest };
  }
  headers.set('authorization', signer.header(oauth));
  return { url: url.href, headers, body: rest };
}

function rebuild(request: Request, parts: SignedParts): Request {
  return new Request(parts.url, {
    method: request.method,
    headers: parts.headers,
    body: parts.body ?? null,
    signal: request.signal,
    redirect: request.redirect,
    credentials: request.credentials,
    integrity: request.integrity,
    keepalive: request.keepalive,
    referrer: request.referrer,
    referrerPolicy: request.referrerPolicy,
  });
}

/** A body `fetch()` can sign without building a `Request` first, as bytes or text. */
function plainBody(body: BodyInit | null | undefined): PlainBody | undefined | false {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof URLSearchParams) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) {
    return new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength);
  }
  return false;
}

/** A signed copy of `request`; its body is read once. */
export async function signRequest(signer: OAuth1Auth, request: Request): Promise<Request> {
  const url = parseRequestUrl(request.url);
  const body = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer());
  const parts = await signParts(signer, request.method, url, new Headers(request.headers), body);
  return rebuild(request, parts);
}

/** `fetch` through a signer: signs on strings when it can, builds one `Request`, sends it. */
export async function signedFetch(
  signer: OAuth1Auth,
  input: string | URL | Request,
  init: RequestInit = {},
): Promise<Response> {
  const body = input instanceof Request ? false : plainBody(init.body);
  let request: Request;
  if (body === false) {
    request = await signRequest(signer, new Request(input, init));
  } else {
    const method = init.method ?? 'GET';
    const parts = await signParts(
      signer,
      method,
      parseRequestUrl(input as string | URL),
      new Headers(init.headers),
      body,
    );
    request = new Request(parts.url, {
      ...init,
      method,
      headers: parts.headers,
      body: parts.body ?? null,
    });
  }
  return sendRaw(request, signer.http);
}

/**
 * Refuses PLAINTEXT over plain http unless the host is loopback (§3.4.4 requires TLS, as
 * the signature is the secrets themselves).
 */
export function checkPlaintext(url: URL): void {
  if (isLoopbackHost(url.hostname)) return;
  throw new InsecureUrlError(
    `PLAINTEXT would send the client and token secrets in clear text to ${url.host} over http://. ` +
      'Use https://, another signature method, or allowInsecureRequests: true on a trusted test network.',
  );
}
