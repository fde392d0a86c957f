/**
 * The login helpers of packages/oauthkit/README.md (oauthkit/hono, oauthkit/express),
 * type-checked by `npm run typecheck`; test/web/readme.test.ts keeps the README's blocks
 * identical to the blocks here. Not meant to run as is (it talks to accounts.example.com).
 */
import express from 'express';
import { Hono } from 'hono';
import { OAuthError } from 'oauthkit/errors';
import { expressLogin } from 'oauthkit/express';
import { honoLogin } from 'oauthkit/hono';
import { OidcClient } from 'oauthkit/oidc';
import { createWebLogin } from 'oauthkit/web';

declare function startSession(sub: string): string;

export async function honoApp(): Promise<Hono> {
  // --- hono
  const client = await OidcClient.discover('https://accounts.example.com', {
    clientId: 'my-app',
    clientSecret: process.env.CLIENT_SECRET,
  });
  const auth = honoLogin({
    client,
    secret: process.env.LOGIN_SECRET ?? '', // 32 random bytes, base64url
    redirectUri: 'https://app.example.com/callback',
    authorizationParams: { scope: 'openid email' },
  });

  const app = new Hono();
  app.get('/login', auth.login); // GET /login?returnTo=/account
  app.on(
    ['GET', 'POST'],
    '/callback',
    auth.callback((c, { claims, returnTo }) => {
      c.header(
        'set-cookie',
        `session=${startSession(claims?.sub ?? '')}; HttpOnly; Secure; Path=/`,
      );
      return c.redirect(returnTo);
    }),
  );
  // Typed errors (see the codes below): ERR_LOGIN_COOKIE, ERR_STATE_MISMATCH, ...
  app.onError((error, c) =>
    error instanceof OAuthError ? c.text(`Login failed: ${error.code}`, 400) : c.text('Error', 500),
  );
  // --- hono
  return app;
}

export async function expressApp(): Promise<express.Express> {
  // --- express
  const client = await OidcClient.discover('https://accounts.example.com', {
    clientId: 'my-app',
    clientSecret: process.env.CLIENT_SECRET,
  });
  const auth = expressLogin({
    client,
    secret: process.env.LOGIN_SECRET ?? '',
    redirectUri: 'https://app.example.com/callback',
    authorizationParams: { scope: 'openid email', response_mode: 'form_post' },
  });

  const app = express();
  app.set('trust proxy', 'loopback'); // behind a proxy: the public protocol and host
  app.get('/login', auth.login);
  app.all(
    '/callback',
    auth.callback((_req: express.Request, res: express.Response, { claims, returnTo }) => {
      res.cookie('session', startSession(claims?.sub ?? ''), { httpOnly: true, secure: true });
      res.redirect(returnTo);
    }),
  );
  // --- express
  return app;
}

export async function anyFramework(request: Request): Promise<Response> {
  const client = await OidcClient.discover('https://accounts.example.com', { clientId: 'my-app' });
  // --- web
  const auth = createWebLogin({
    client, // an OAuth2Client or an OidcClient
    secret: process.env.LOGIN_SECRET ?? '', // 32 random bytes, base64url
    redirectUri: 'https://app.example.com/callback',
    authorizationParams: { scope: 'openid email' },
    cookie: { maxAge: 600 },
  });

  // GET /login: a 302 to the authorization server, setting the sealed login cookie.
  if (new URL(request.url).pathname === '/login') {
    return auth.login(request, { returnTo: '/account', prompt: 'login' });
  }

  // GET or POST /callback:
  const result = await auth.callback(request);
  if (result instanceof Response) return result; // the form_post re-submit page: send as is
  // token: the token response; claims: the id_token's (OidcClient); headers: clear the cookie
  const { claims, returnTo, headers } = result;
  headers.append(
    'set-cookie',
    `session=${startSession(claims?.sub ?? '')}; HttpOnly; Secure; Path=/`,
  );
  headers.set('location', returnTo);
  return new Response(null, { status: 303, headers });
  // --- web
}
