/**
 * `oauthkit/web`: login helpers over Web `Request`/`Response` (Node >= 20, Deno, Bun,
 * workers). Re-exports only; the Express and Hono adapters are `oauthkit/express` and
 * `oauthkit/hono`.
 *
 * @module
 */
export {
  createWebLogin,
  type LoginParams,
  type WebLogin,
  type WebLoginOptions,
  type WebLoginResult,
} from './login.js';
export { isSafeReturnTo } from './return-to.js';
