/**
 * The provider-preset examples of packages/oauthkit/README.md ("Provider presets"),
 * type-checked by `npm run typecheck`; test/providers/readme.test.ts keeps each README
 * block identical to the numbered block here. Not meant to run as is (it talks to the real
 * providers).
 */
import { OAuth2Client } from 'oauthkit/oauth2';
import { OidcClient } from 'oauthkit/oidc';
import {
  apple,
  appleAuthorizationParams,
  appleClientSecret,
  github,
  google,
  microsoft,
} from 'oauthkit/providers';

export function googleClient(): OidcClient {
  // --- 1
  const client = new OidcClient({ ...google(), clientId: 'my-app', clientSecret: 's' });
  // --- 1
  return client;
}

export async function githubLogin(callbackUrl: string): Promise<unknown> {
  // --- 2
  const client = new OAuth2Client({
    ...github({ debug: (message) => console.debug(message) }),
    clientId: 'Iv1.0123456789abcdef',
    clientSecret: process.env.GITHUB_SECRET,
    redirectUri: 'https://app.example.com/callback',
  });
  const { url, state, codeVerifier } = await client.createAuthorizationUrl();
  // ... redirect to url; on the callback, GitHub's form-encoded answers and its
  // HTTP 200 errors (OAuthResponseError, error 'bad_verification_code') are handled:
  await client.fetchToken({ authorizationResponse: callbackUrl, state, codeVerifier });
  const me = await client.fetch('https://api.github.com/user');
  // --- 2
  return { url, me };
}

export async function microsoftLogin(request: Request, nonce: string): Promise<unknown> {
  // --- 3
  const client = new OidcClient({
    ...microsoft({ tenant: 'common' }),
    clientId: '00000000-0000-0000-0000-000000000000',
    clientSecret: process.env.ENTRA_SECRET,
    redirectUri: 'https://app.example.com/callback',
  });
  // Each id_token's iss must be https://login.microsoftonline.com/<its tid>/v2.0.
  const { state, codeVerifier } = await client.createAuthorizationUrl({ nonce });
  await client.fetchToken({ authorizationResponse: request, state, codeVerifier, nonce });
  const { tid } = await client.claims(); // check it against your tenants if you need to
  // --- 3
  return tid;
}

export async function appleLogin(): Promise<unknown> {
  // --- 4
  const client = new OidcClient({
    ...apple(),
    clientId: 'com.example.web',
    clientSecret: await appleClientSecret({
      teamId: 'ABCDE12345',
      keyId: 'KEY1234567',
      privateKey: process.env.APPLE_PRIVATE_KEY ?? '', // the .p8 file's PEM text
      clientId: 'com.example.web',
    }),
    redirectUri: 'https://app.example.com/callback',
  });
  // name and email come only with response_mode=form_post: the params add it.
  const { url } = await client.createAuthorizationUrl(appleAuthorizationParams());
  // --- 4
  return url;
}
