/**
 * The OidcClient quickstart of packages/oauthkit/README.md, type-checked by
 * `npm run typecheck`; test/oidc/readme.test.ts keeps the README's block identical to the
 * block here. Not meant to run as is (it talks to accounts.example.com).
 */
import { OidcClient } from 'oauthkit/oidc';

export async function quickstart(request: Request): Promise<unknown> {
  // --- 1
  const client = await OidcClient.discover('https://accounts.example.com', {
    clientId: 'my-app',
    clientSecret: process.env.CLIENT_SECRET,
    redirectUri: 'https://app.example.com/callback',
  });

  // Login: openid is always in the scope, and a nonce is made. Keep state, codeVerifier
  // and nonce in the session until the callback.
  const { url, state, codeVerifier, nonce } = await client.createAuthorizationUrl({
    scope: 'email offline_access',
  });

  // Callback: a GET URL, or the POSTed Request of response_mode=form_post.
  await client.fetchToken({ authorizationResponse: request, state, codeVerifier, nonce });
  const { sub } = await client.claims(); // the validated id_token claims
  const profile = await client.userinfo(); // refused if its sub is not the id_token's

  // Later: refresh (the new id_token must keep iss, sub, aud), call APIs, log out.
  await client.refreshToken();
  const res = await client.fetch('https://api.example.com/me');
  const logoutUrl = client.endSessionUrl({ postLogoutRedirectUri: 'https://app.example.com/' });
  // --- 1
  return { url, sub, profile, res, logoutUrl };
}
