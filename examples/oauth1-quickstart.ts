/**
 * The OAuth 1.0a quickstart of packages/oauthkit/README.md, type-checked by
 * `npm run typecheck`; test/oauth1/readme.test.ts keeps the README's blocks identical to
 * the blocks here. Not meant to run as is (it talks to api.x.com).
 */
import { readFileSync } from 'node:fs';
import { OAuth1Error } from 'oauthkit/errors';
import { OAuth1Auth, OAuth1Client } from 'oauthkit/oauth1';

declare const session: Record<string, string>;
declare const callbackUrl: string;

export async function login(): Promise<string> {
  // --- 1
  const client = new OAuth1Client({
    clientId: process.env.X_CONSUMER_KEY!,
    clientSecret: process.env.X_CONSUMER_SECRET!,
    redirectUri: 'https://app.example.com/callback',
  });
  const requestToken = await client.fetchRequestToken('https://api.x.com/oauth/request_token');
  session.requestToken = requestToken.oauth_token;
  session.requestTokenSecret = requestToken.oauth_token_secret;
  const authorizeUrl = client.createAuthorizationUrl('https://api.x.com/oauth/authorize');
  // redirect the user to authorizeUrl
  // --- 1
  return authorizeUrl;
}

export async function callback(): Promise<void> {
  // --- 2
  const client = new OAuth1Client({
    clientId: process.env.X_CONSUMER_KEY!,
    clientSecret: process.env.X_CONSUMER_SECRET!,
    token: session.requestToken,
    tokenSecret: session.requestTokenSecret,
  });
  client.parseAuthorizationResponse(callbackUrl); // keeps oauth_verifier
  const token = await client.fetchAccessToken('https://api.x.com/oauth/access_token');
  // save token.oauth_token and token.oauth_token_secret
  // --- 2
  session.token = token.oauth_token;
  session.tokenSecret = token.oauth_token_secret;
}

export async function call(): Promise<void> {
  // --- 3
  const api = new OAuth1Client({
    clientId: process.env.X_CONSUMER_KEY!,
    clientSecret: process.env.X_CONSUMER_SECRET!,
    token: session.token,
    tokenSecret: session.tokenSecret,
  });
  const me = await api.fetch('https://api.x.com/1.1/account/verify_credentials.json');
  const posted = await api.fetch('https://api.x.com/1.1/statuses/update.json', {
    method: 'POST',
    body: new URLSearchParams({ status: 'Hello from oauthkit' }), // signed parameter by parameter
  });
  // --- 3
  console.log(me.status, posted.status);
}

export async function other(): Promise<void> {
  // --- 4
  const auth = new OAuth1Auth({
    clientId: 'consumer-key',
    signatureMethod: 'RSA-SHA256',
    rsaKey: readFileSync('private-key.pem', 'utf8'), // PKCS#1 or PKCS#8 PEM, or a CryptoKey
    token: 'access-token',
    tokenSecret: 'access-token-secret',
  });
  // for fetch-based code: a signed copy of a Request
  const signed = await auth.sign(new Request('https://api.example.com/items?page=2'));
  // for axios, got, undici.request...: just the header
  const authorization = await auth.authorizationHeader(
    'POST',
    'https://api.example.com/items',
    { name: 'Ladies + Gentlemen', tag: ['a', 'b'] }, // the form body's parameters, if any
  );
  // --- 4
  console.log(signed.headers.get('authorization'), authorization);
}

export async function errors(client: OAuth1Client): Promise<void> {
  // --- 5
  try {
    await client.fetchAccessToken('https://api.x.com/oauth/access_token');
  } catch (error) {
    if (error instanceof OAuth1Error) {
      console.error(error.status, error.problem, error.advice); // e.g. 401 'token_rejected'
    }
    throw error;
  }
  // --- 5
}
