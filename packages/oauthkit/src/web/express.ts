/**
 * `oauthkit/express`: `createWebLogin` as Express 5 handlers. The Node request becomes a
 * Web `Request` (method, absolute URL, headers, a `form_post` body) and the Web `Response`
 * is written back, every `Set-Cookie` kept.
 *
 * The request and response are typed by the few members used here, not by `@types/express`
 * (whose Node types would leak into the fetch-only core's compilation); Express's own
 * `Request` and `Response` fit them. `express` is an optional peer and never imported.
 *
 * @module
 */
import { OAuthError } from '../errors.js';
import {
  createWebLogin,
  type LoginParams,
  type WebLogin,
  type WebLoginOptions,
  type WebLoginResult,
} from './login.js';
import { returnToFromQuery } from './return-to.js';

/** What this adapter reads of an Express request. */
export interface ExpressRequestLike extends AsyncIterable<unknown> {
  readonly method: string;
  /** `http` or `https`; from `X-Forwarded-Proto` only with `app.set('trust proxy', ...)`. */
  readonly protocol: string;
  /** Express 5: the `Host` (port included); `X-Forwarded-Host` only with `trust proxy`. */
  readonly host: string | undefined;
  readonly originalUrl: string;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** Set when a body parser (`express.urlencoded()`) ran first. */
  readonly body?: unknown;
}

/** What this adapter writes to an Express response. */
export interface ExpressResponseLike {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  append(field: string, value?: string[] | string): unknown;
  end(chunk: Uint8Array): unknown;
}

type Next = (error?: unknown) => void;

/** An Express request handler over the members above. */
export type ExpressHandler<
  Req extends ExpressRequestLike = ExpressRequestLike,
  Res extends ExpressResponseLike = ExpressResponseLike,
> = (req: Req, res: Res, next: Next) => Promise<void>;

/** Options of `expressLogin`: those of `createWebLogin`, and per-login parameters. */
export interface ExpressLoginOptions extends WebLoginOptions {
  /**
   * Parameters of each login (default: `returnTo` from the `?returnTo=` query parameter
   * when it is a same-origin path, else `/`).
   */
  loginParams?:
    | ((req: ExpressRequestLike, request: Request) => LoginParams | Promise<LoginParams>)
    | undefined;
}

/** What `expressLogin` returns. */
export interface ExpressLogin {
  /** `GET /login`: the redirect to the authorization server. */
  login: ExpressHandler;
  /**
   * `GET` and `POST /callback` (`POST` for `response_mode=form_post`): validates, exchanges
   * the code, adds the cookie-clearing header to `res`, then calls `onLogin`, which makes
   * the session and answers (`res.redirect(result.returnTo)`). Errors go to `next(error)`,
   * typed (see the README's codes).
   */
  callback<Req extends ExpressRequestLike, Res extends ExpressResponseLike>(
    onLogin: (req: Req, res: Res, result: WebLoginResult) => unknown,
  ): ExpressHandler<Req, Res>;
  /** The underlying `createWebLogin` helpers. */
  web: WebLogin;
}

/** A form_post body is a few hundred bytes; refuse to buffer more than this. */
const MAX_BODY = 64 * 1024;

/**
 * The Web `Request` for an Express request: the absolute URL from `req.protocol` and
 * `req.host` (behind a proxy, set `app.set('trust proxy', ...)` so they are the public
 * ones), the headers, and for a `POST` the body (read from the stream, or rebuilt from
 * `req.body` when `express.urlencoded()` already read it).
 *
 * @see https://expressjs.com/en/guide/behind-proxies.html
 * @example
 * ```ts
 * app.get('/whoami', async (req, res) => res.send((await toWebRequest(req)).url));
 * ```
 */
export async function toWebRequest(req: ExpressRequestLike): Promise<Request> {
  const url = `${req.protocol}://${req.host ?? req.headers.host}${req.originalUrl}`;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    for (const v of typeof value === 'string' ? [value] : value) headers.append(name, v);
  }
  const method = req.method.toUpperCase();
  if (method !== 'POST') return new Request(url, { method, headers });
  let body: Uint8Array<ArrayBuffer> | string;
  if (req.body !== null && typeof req.body === 'object' && !(req.body instanceof Uint8Array)) {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(req.body as Record<string, unknown>)) {
      for (const x of Array.isArray(v) ? v : [v]) if (typeof x === 'string') form.append(k, x);
    }
    body = form.toString();
    headers.delete('content-length');
  } else {
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of req) {
      const bytes =
        typeof chunk === 'string' ? new TextEncoder().encode(chunk) : (chunk as Uint8Array);
      size += bytes.length;
      if (size > MAX_BODY) {
        throw new OAuthError(
          `The callback's POST body is over ${MAX_BODY} bytes, expected a small form_post response. Check the callback route.`,
          { code: 'ERR_CALLBACK_INVALID' },
        );
      }
      chunks.push(bytes);
    }
    const all = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      all.set(c, at);
      at += c.length;
    }
    body = all;
  }
  return new Request(url, { method, headers, body });
}

/**
 * Writes a Web `Response` to an Express response, each `Set-Cookie` as its own header
 * (`Headers.getSetCookie()`: joined with commas they would be one broken cookie).
 *
 * @see https://fetch.spec.whatwg.org/#dom-headers-getsetcookie
 * @example
 * ```ts
 * app.get('/login', async (req, res) => sendWebResponse(res, await web.login(await toWebRequest(req))));
 * ```
 */
export async function sendWebResponse(res: ExpressResponseLike, response: Response): Promise<void> {
  res.statusCode = response.status;
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.append('set-cookie', cookies);
  res.end(new Uint8Array(await response.arrayBuffer()));
}

/**
 * Login handlers for Express 5: `login` and `callback(onLogin)`. Options are validated at
 * once, as by `createWebLogin`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1
 * @example
 * ```ts
 * import express from 'express';
 * import { expressLogin } from 'oauthkit/express';
 *
 * const auth = expressLogin({ client, secret: process.env.LOGIN_SECRET! });
 * const app = express();
 * app.get('/login', auth.login);
 * app.all('/callback', auth.callback((req, res, { claims, returnTo }) => {
 *   // make the app's own session from claims.sub here
 *   res.redirect(returnTo);
 * }));
 * ```
 */
export function expressLogin(options: ExpressLoginOptions): ExpressLogin {
  const web = createWebLogin(options);
  const loginParams =
    options.loginParams ??
    ((_req, request: Request) => ({ returnTo: returnToFromQuery(request.url) }));
  return {
    web,
    login: async (req, res, next) => {
      try {
        const request = await toWebRequest(req);
        await sendWebResponse(res, await web.login(request, await loginParams(req, request)));
      } catch (error) {
        next(error);
      }
    },
    callback: (onLogin) => async (req, res, next) => {
      try {
        const result = await web.callback(await toWebRequest(req));
        if (result instanceof Response) return await sendWebResponse(res, result);
        res.append('set-cookie', result.headers.getSetCookie());
        await onLogin(req, res, result);
      } catch (error) {
        next(error);
      }
    },
  };
}
