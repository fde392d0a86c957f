/**
 * Plain HTTP for the few things the CLI fetches itself (discovery and JWKS for `decode
 * --verify`, until the library's discovery is wired in). The timeout races a timer as well
 * as aborting, because Node 20's fetch sometimes ignores the signal.
 */
import { CliError } from './cli-error.js';

class HttpError extends Error {
  constructor(
    message: string,
    readonly code: 'ERR_NETWORK' | 'ERR_TIMEOUT' | 'ERR_UNEXPECTED_RESPONSE',
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name =
      code === 'ERR_TIMEOUT'
        ? 'TimeoutError'
        : code === 'ERR_NETWORK'
          ? 'NetworkError'
          : 'UnexpectedResponseError';
  }
}

export async function fetchJson(
  url: string,
  options: { fetch: typeof fetch; timeout: number; what: string },
): Promise<Record<string, unknown>> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(
        new HttpError(
          `No response from ${url} within ${options.timeout} ms while fetching the ${options.what}. Check the URL and your network, or raise --timeout.`,
          'ERR_TIMEOUT',
        ),
      );
    }, options.timeout);
  });
  try {
    const response = await Promise.race([
      options.fetch(url, { headers: { accept: 'application/json' }, signal: controller.signal }),
      timedOut,
    ]).catch((e: unknown) => {
      if (e instanceof HttpError) throw e;
      throw new HttpError(
        `Could not reach ${url} to fetch the ${options.what}: ${(e as Error)?.message ?? e}. Check the URL and your network.`,
        'ERR_NETWORK',
        { cause: e },
      );
    });
    const text = await Promise.race([response.text(), timedOut]);
    if (!response.ok) {
      throw new HttpError(
        `${url} answered HTTP ${response.status} for the ${options.what}: expected 200 with JSON. Check the issuer URL.`,
        'ERR_UNEXPECTED_RESPONSE',
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new HttpError(
        `${url} did not answer JSON for the ${options.what} (starts with ${JSON.stringify(text.slice(0, 40))}). Check the issuer URL.`,
        'ERR_UNEXPECTED_RESPONSE',
        { cause: e },
      );
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new HttpError(
        `${url} answered JSON that is not an object for the ${options.what}.`,
        'ERR_UNEXPECTED_RESPONSE',
      );
    }
    return json as Record<string, unknown>;
  } finally {
    clearTimeout(timer);
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** https, or http only to a loopback host (the dev provider, tests). */
export function checkUrl(text: string, flag: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliError(
      'ERR_USAGE',
      `${flag} "${text.slice(0, 100)}" is not a URL: expected https://host/path.`,
    );
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return url;
  throw new CliError(
    'ERR_USAGE',
    `${flag} ${url.origin} must use https (plain http is allowed only for 127.0.0.1, localhost and [::1]).`,
  );
}
