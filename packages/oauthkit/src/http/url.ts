import { InsecureUrlError } from '../errors.js';

/** True for `localhost`, 127.0.0.0/8 and `[::1]`: traffic that never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return (
    h === 'localhost' ||
    h.endsWith('.localhost') ||
    h === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)
  );
}

/**
 * Parses `value` as an absolute URL and refuses plain `http:` unless the host is loopback
 * or `allowInsecure` is set (RFC 6749 §3.1, §3.2: endpoints MUST use TLS).
 *
 * @param what Names the URL in the error message, e.g. `tokenEndpoint`.
 */
export function secureUrl(value: string | URL, what: string, allowInsecure = false): URL {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {}
  if (url?.protocol === 'https:') return url;
  if (url?.protocol !== 'http:') {
    throw new TypeError(
      `${what} must be an absolute http(s) URL, got ${JSON.stringify(String(value))}`,
    );
  }
  if (allowInsecure || isLoopbackHost(url.hostname)) return url;
  throw new InsecureUrlError(
    `${what} uses http:// on a non-loopback host (${url.host}): credentials would travel in clear text. ` +
      'Use https://, or allowInsecureRequests: true on a trusted test network.',
  );
}
