/**
 * The login helpers of packages/oauthkit/README.md (oauthkit/hono, oauthkit/express),
 * type-checked by `npm run typecheck`; test/web/readme.test.ts keeps the README's blocks
 * identical to the blocks here. Not meant to run as is (it talks to accounts.example.com).
 */
import express from 'express';
import { Hono } from 'hono';
import { expressLogin } from 'oauthkit/express';
import { honoLogin } from 'oauthkit/hono';
import { OidcClient } from 'oauthkit/oidc';

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
  app.onError((error, c) =>
    c.text(`Login failed (${(error as { code?: string }).code ?? 'ERR'})`, 400),
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
