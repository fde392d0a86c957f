/**
 * The device authorization grant (RFC 8628): the device authorization response and the
 * polling loop.
 *
 * @module
 */
import { OAuthResponseError, TimeoutError } from '../errors.js';
import { unexpected } from '../http/parse.js';
import type { HttpResult } from '../http/send.js';
import { processJsonResponse } from './response.js';

/** RFC 8628 §3.2 device authorization response, plus `expires_at` (epoch s) computed on receipt. */
export interface DeviceAuthorization {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete?: string;
  expires_in: number;
  /** Seconds to wait between polls (default 5). */
  interval: number;
  expires_at: number;
  [field: string]: unknown;
}

/**
 * Validates a device authorization response.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.2
 */
export function processDeviceAuthorizationResponse(
  result: HttpResult,
  now: number,
): DeviceAuthorization {
  const body = processJsonResponse(result, 'The device authorization endpoint');
  for (const name of ['device_code', 'user_code', 'verification_uri']) {
    if (typeof body[name] !== 'string' || body[name] === '') {
      throw unexpected(
        result,
        `the device authorization response has no ${name}`,
        'Check the endpoint URL.',
      );
    }
  }
  const expiresIn = Number(body.expires_in);
  if (!Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw unexpected(
      result,
      'the device authorization response has no valid expires_in',
      'Check the endpoint URL.',
    );
  }
  const interval = body.interval === undefined ? 5 : Number(body.interval);
  return {
    ...body,
    expires_in: expiresIn,
    interval: Number.isFinite(interval) && interval >= 0 ? interval : 5,
    expires_at: Math.floor(now / 1000) + expiresIn,
  } as DeviceAuthorization;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Polls `request` every `interval` seconds until it yields a token: `authorization_pending`
 * waits, `slow_down` adds 5 seconds to the interval (RFC 8628 §3.5), anything else
 * (`access_denied`, `expired_token`, ...) is thrown. Ends with `TimeoutError` if the
 * device code expired locally without the server saying so; `signal` aborts the wait.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.5
 */
export async function pollDevice<T>(
  authorization: Pick<DeviceAuthorization, 'interval' | 'expires_at' | 'expires_in'>,
  request: () => Promise<T>,
  options: { signal?: AbortSignal | undefined; now: () => number },
): Promise<T> {
  let interval = authorization.interval ?? 5;
  const deadline =
    authorization.expires_at ?? Math.floor(options.now() / 1000) + authorization.expires_in;
  for (;;) {
    await sleep(interval * 1000, options.signal);
    try {
      return await request();
    } catch (error) {
      if (!(error instanceof OAuthResponseError)) throw error;
      if (error.error === 'slow_down') interval += 5;
      else if (error.error !== 'authorization_pending') throw error;
    }
    if (options.now() / 1000 > deadline + interval) {
      throw new TimeoutError(
        'The device code expired before the user approved it. Start the device flow again.',
        authorization.expires_in * 1000,
      );
    }
  }
}
