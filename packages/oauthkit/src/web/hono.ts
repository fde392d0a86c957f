/**
 * `oauthkit/hono`: `createWebLogin` as Hono handlers. Hono handlers already speak Web
 * `Request`/`Response`, so this only picks `returnTo` from the query and merges the
 * cookie-clearing header into the app's response. `hono` is an optional peer; only its
 * types are imported.
 *
 * @module
 */
import type { Context, Env, Handler } from 'hono';
import {
  createWebLogin,
  type LoginParams,
  type WebLogin,
  type WebLoginOptions,
  type WebLoginResult,
} from './login.js';
import { returnToFromQuery } from './return-to.js';

/** Options of `honoLogin`: those of `createWebLogin`, and per-login parameters. */
export interface HonoLoginOptions<E extends Env = Env> extends WebLoginOptions {
  /**
   * Parameters of each login (default: `returnTo` from the `?returnTo=` query parameter
   * when it is a same-origin path, else `/`).
   */
  loginParams?: ((c: Context<E>) => LoginParams | Promise<LoginParams>) | undefined;
}

/** What `honoLogin` returns. */
export interface HonoLogin<E extends Env = Env> {
  /** `GET /login`: the redirect to the authorization server. */
  login: Handler<E>;
  /**
   * `GET` and `POST /callback` (`POST` for `response_mode=form_post`): validates, exchanges
   * the code, then calls `onLogin`, whose response gets the cookie-clearing header added.
   * Errors are thrown, typed, to Hono's `onError` (see the README's codes).
   */
  callback(
    onLogin: (c: Context<E>, result: WebLoginResult) => Response | Promise<Response>,
  ): Handler<E>;
  /** The underlying `createWebLogin` helpers. */
  web: WebLogin;
}

/**
 * Login handlers for Hono: `login` and `callback(onLogin)`. Options are validated at once,
 * as by `createWebLogin`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { honoLogin } from 'oauthkit/hono';
 *
 * const auth = honoLogin({ client, secret: process.env.LOGIN_SECRET! });
 * const app = new Hono();
 * app.get('/login', auth.login);
 * app.on(['GET', 'POST'], '/callback', auth.callback((c, { claims, returnTo }) => {
 *   // make the app's own session from claims.sub here
 *   return c.redirect(returnTo);
 * }));
 * ```
 */
export function honoLogin<E extends Env = Env>(options: HonoLoginOptions<E>): HonoLogin<E> {
  const web = createWebLogin(options);
  const loginParams =
    options.loginParams ?? ((c: Context<E>) => ({ returnTo: returnToFromQuery(c.req.url) }));
  return {
    web,
    login: async (c) => web.login(c.req.raw, await loginParams(c)),
    callback: (onLogin) => async (c) => {
      const result = await web.callback(c.req.raw);
      if (result instanceof Response) return result;
      const response = await onLogin(c, result);
      // A copy: headers of Response.redirect() and fetch() responses are immutable.
      const out = new Response(response.body, response);
      for (const cookie of result.headers.getSetCookie()) out.headers.append('set-cookie', cookie);
      return out;
    },
  };
}
