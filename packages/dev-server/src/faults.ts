/**
 * Fault injection: the next request to an endpoint answers an OAuth error, waits, or answers
 * a broken body, so users can test how their code copes without a misbehaving real provider.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DevServer } from './server.js';

/** Endpoints that faults can be queued for. `oauth1/*` matches every OAuth 1 endpoint. */
export type FaultEndpoint =
  | 'authorization'
  | 'token'
  | 'userinfo'
  | 'device'
  | 'introspection'
  | 'revocation'
  | 'par'
  | 'jwks'
  | 'discovery'
  | 'logout'
  | 'oauth1/request_token'
  | 'oauth1/authorize'
  | 'oauth1/access_token'
  | 'oauth1/resource'
  | 'oauth1/*';

/** An OAuth error body (RFC 6749 §5.2), answered as JSON with status 400 (401 for `invalid_client`). */
export interface OAuthErrorFault {
  error: string;
  error_description?: string;
  error_uri?: string;
  /** Wait this long (ms) before answering. */
  delayMs?: number;
}

/** What a broken response looks like. */
export type BrokenBody =
  /** `502 Bad Gateway` with an HTML page, as a proxy in front of a dead server answers. */
  | 'html'
  /** `200` with `Content-Type: application/json` and a body cut off mid-object. */
  | 'truncated-json'
  /** `200` with `Content-Type: application/json` and an empty body. */
  | 'empty'
  /** The connection is closed without any response. */
  | 'reset';

/** A fault described in full; fields combine (a delay, then an error or a broken body). */
export interface FaultSpec {
  /** Status code to answer. Default 400 with `body`, 200 with `broken: 'truncated-json'`. */
  status?: number;
  /** Body to answer: an object is sent as JSON, a string as text. */
  body?: Record<string, unknown> | string;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /** Wait this long (ms) first; alone, the request is then served normally (a slow server). */
  delayMs?: number;
  /** Answer a broken response instead. */
  broken?: BrokenBody;
}

/**
 * What {@link DevServer.failNext} makes the next request answer.
 *
 * @example
 * ```ts
 * const fault: Fault = { error: 'temporarily_unavailable', delayMs: 200 };
 * server.failNext('token', fault);
 * ```
 */
export type Fault = OAuthErrorFault | FaultSpec;

const PATHS: Record<Exclude<FaultEndpoint, 'oauth1/*'>, string> = {
  authorization: '/auth',
  token: '/token',
  userinfo: '/me',
  device: '/device/auth',
  introspection: '/token/introspection',
  revocation: '/token/revocation',
  par: '/request',
  jwks: '/jwks',
  discovery: '/.well-known/openid-configuration',
  logout: '/session/end',
  'oauth1/request_token': '/oauth1/request_token',
  'oauth1/authorize': '/oauth1/authorize',
  'oauth1/access_token': '/oauth1/access_token',
  'oauth1/resource': '/oauth1/resource',
};

export const FAULT_ENDPOINTS: readonly FaultEndpoint[] = [
  ...(Object.keys(PATHS) as FaultEndpoint[]),
  'oauth1/*',
];

/** Queues faults per endpoint and applies them to matching requests, first in, first out. */
export class FaultInjector {
  readonly #queues = new Map<FaultEndpoint, Fault[]>();

  add(endpoint: FaultEndpoint, fault: Fault): void {
    if (!FAULT_ENDPOINTS.includes(endpoint)) {
      throw new TypeError(
        `failNext: unknown endpoint "${String(endpoint)}"; expected one of ${FAULT_ENDPOINTS.join(', ')}`,
      );
    }
    if (typeof fault !== 'object' || fault === null) {
      throw new TypeError(
        'failNext: fault must be an OAuth error ({ error }) or { status, body, delayMs, broken }',
      );
    }
    const queue = this.#queues.get(endpoint) ?? [];
    queue.push(fault);
    this.#queues.set(endpoint, queue);
  }

  clear(): void {
    this.#queues.clear();
  }

  /** Removes and returns the fault for this request path, if one is queued. */
  take(pathname: string): Fault | undefined {
    for (const [endpoint, queue] of this.#queues) {
      if (queue.length === 0) continue;
      const matches =
        endpoint === 'oauth1/*'
          ? pathname.startsWith('/oauth1/')
          : PATHS[endpoint] === pathname ||
            (endpoint === 'discovery' && pathname === '/.well-known/oauth-authorization-server');
      if (matches) return queue.shift();
    }
    return undefined;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Applies a fault. Returns true when the response was answered (or the socket destroyed),
 * false when the request should go on normally (a pure delay).
 */
export async function applyFault(
  fault: Fault,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  if (fault.delayMs !== undefined && fault.delayMs > 0) {
    await sleep(fault.delayMs);
    if (req.destroyed) return true;
  }
  if ('error' in fault && typeof fault.error === 'string') {
    const { delayMs: _delay, ...body } = fault;
    const status = fault.error === 'invalid_client' ? 401 : 400;
    send(
      res,
      status,
      { 'content-type': 'application/json', 'cache-control': 'no-store' },
      JSON.stringify(body),
    );
    return true;
  }
  const spec = fault as FaultSpec;
  const headers = spec.headers ?? {};
  switch (spec.broken) {
    case 'reset':
      req.socket.destroy();
      return true;
    case 'html':
      send(
        res,
        spec.status ?? 502,
        { 'content-type': 'text/html; charset=utf-8', ...headers },
        '<!DOCTYPE html><html lang="en"><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>',
      );
      return true;
    case 'truncated-json':
      send(
        res,
        spec.status ?? 200,
        { 'content-type': 'application/json', ...headers },
        '{"access_token":"trunc',
      );
      return true;
    case 'empty':
      send(res, spec.status ?? 200, { 'content-type': 'application/json', ...headers }, '');
      return true;
    case undefined:
      break;
  }
  if (spec.body === undefined && spec.status === undefined) return false;
  const body = spec.body ?? '';
  const isJson = typeof body === 'object';
  send(
    res,
    spec.status ?? 400,
    { 'content-type': isJson ? 'application/json' : 'text/plain; charset=utf-8', ...headers },
    isJson ? JSON.stringify(body) : body,
  );
  return true;
}

function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string,
): void {
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}
