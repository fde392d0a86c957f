import { NetworkError, TimeoutError, UnexpectedResponseError } from '../errors.js';

/** Fetch as oauthkit calls it: the standard signature, so any fetch-compatible function fits. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** The injection points every request honours. */
export interface HttpOptions {
  /**
   * The fetch implementation. Override it to log or trace requests, to go through a proxy
   * agent (undici's `fetch` with a `dispatcher`), or to point tests at an in-process server.
   * Defaults to the global `fetch`.
   */
  fetch?: FetchLike | undefined;
  /** Milliseconds for the whole exchange, body included. Default 30 000. */
  timeout?: number | undefined;
  /** Largest protocol response body read, in bytes. Default 1 MiB. */
  maxResponseBytes?: number | undefined;
}

export const DEFAULT_TIMEOUT = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

/** A protocol response read in full, ready for a pure validation function. */
export interface HttpResult {
  status: number;
  headers: Headers;
  /** The body as text (UTF-8). */
  body: string;
  /** The response; its body has been consumed. */
  response: Response;
  url: string;
}

function describe(url: string | URL): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

/**
 * Races `work` against a timer. Node 20's fetch occasionally ignores an aborted signal and
 * keeps waiting, so the abort alone is not enough: the timer rejects on its own as well.
 */
export async function withTimeout<T>(
  timeout: number,
  work: (signal: AbortSignal) => Promise<T>,
  outer?: AbortSignal | null,
): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onOuterAbort = () => controller.abort(outer?.reason);
  if (outer) {
    if (outer.aborted) controller.abort(outer.reason);
    else outer.addEventListener('abort', onOuterAbort, { once: true });
  }
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // Worded by send's `failed` (the wording loads lazily), before anyone sees it.
      const error = new TimeoutError('', timeout);
      controller.abort(error);
      reject(error);
    }, timeout);
  });
  try {
    return await Promise.race([work(controller.signal), timedOut]);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

/** Reads at most `limit` bytes of a body; a larger one is cancelled and reported. */
export async function readBody(response: Response, limit: number): Promise<string> {
  // Worded by send's `failed`, like the timeout.
  const tooLarge = () =>
    new UnexpectedResponseError('', {
      status: response.status,
      contentType: response.headers.get('content-type') ?? undefined,
      code: 'ERR_RESPONSE_TOO_LARGE',
      response,
    });
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  // UTF-8, a BOM dropped and malformed bytes replaced, as TextDecoder's defaults do.
  return new Blob(chunks as BlobPart[]).text();
}

/**
 * The error `send` and `sendRaw` throw for `error`: a `TimeoutError` or a too-large
 * `UnexpectedResponseError` of theirs, an abort as it is, anything else (fetch's TypeError)
 * as a `NetworkError`. Their messages are written by wording.ts, loaded only now: an app
 * ships no error text on the way to a successful response. When wording.ts cannot load
 * either (the browser is offline, say), the error keeps its class and code and says so.
 */
async function failed(error: unknown, what: string, limit?: number): Promise<unknown> {
  if (error instanceof Error && error.name === 'AbortError') return error;
  const e =
    error instanceof TimeoutError || error instanceof UnexpectedResponseError
      ? error
      : new NetworkError('', { cause: error });
  if (!e.message) {
    e.message = await import('./wording.js').then(
      (m) => m.failureMessage(e, what, limit),
      () => `${what} failed (${e.code})`,
    );
  }
  return e;
}

/**
 * Sends one protocol request and reads the whole response under one timeout and a size
 * limit. Redirects are not followed (a token endpoint that redirects is misconfigured).
 * Throws `NetworkError`, `TimeoutError` or `UnexpectedResponseError` (too large); never
 * looks at the status: validation is the caller's pure function.
 */
export async function send(
  url: string | URL,
  init: RequestInit,
  options: HttpOptions = {},
): Promise<HttpResult> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  const limit = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const what = describe(url);
  try {
    return await withTimeout(
      timeout,
      async (signal) => {
        const response = await fetchImpl(url, { redirect: 'manual', ...init, signal });
        const body = await readBody(response, limit);
        return {
          status: response.status,
          headers: response.headers,
          body,
          response,
          url: String(url),
        };
      },
      init.signal,
    );
  } catch (error) {
    throw await failed(error, what, limit);
  }
}

/**
 * Sends a request on behalf of the user (a protected resource call) under the timeout for
 * the response headers; the body is left for the caller to read.
 */
export async function sendRaw(request: Request, options: HttpOptions = {}): Promise<Response> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  const what = describe(request.url);
  try {
    return await withTimeout(timeout, (signal) => fetchImpl(request, { signal }), request.signal);
  } catch (error) {
    throw await failed(error, what);
  }
}
