/**
 * An OAuth2Client built from the github() preset, endpoints pointed at a real HTTP server
 * on 127.0.0.1 that answers as GitHub's token endpoint does: form-encoded bodies whatever
 * the Accept header, errors such as bad_verification_code with HTTP 200, no token_type,
 * expires_in as text. The client must get a proper TokenSet or OAuthResponseError, and the
 * debug callback must hear of each fix once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OAuthResponseError, UnexpectedResponseError } from '../../src/errors.js';
import { OAuth2Client } from '../../src/oauth2/index.js';
import { github, type PresetOptions } from '../../src/providers/index.js';
import { startServer, type TestServer } from '../helpers/server.js';

const form = (value: Record<string, string>) => new URLSearchParams(value).toString();

describe('github() against a GitHub-like token endpoint', () => {
  let server: TestServer;
  const seen: URLSearchParams[] = [];

  before(async () => {
    server = await startServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      req.on('end', () => {
        const params = new URLSearchParams(body);
        seen.push(params);
        // GitHub answers form-encoded, HTTP 200, even to errors (Accept is ignored here).
        res.setHeader('content-type', 'application/x-www-form-urlencoded; charset=utf-8');
        const good =
          params.get('client_id') === 'Iv1.app' &&
          params.get('client_secret') === 'gh-secret' &&
          ((params.get('grant_type') === 'authorization_code' &&
            params.get('code') === 'good-code' &&
            params.get('code_verifier')) ||
            (params.get('grant_type') === 'refresh_token' &&
              params.get('refresh_token') === 'ghr_refresh'));
        res.end(
          good
            ? form({
                access_token: 'ghu_access',
                expires_in: '28800',
                refresh_token: 'ghr_refresh',
                refresh_token_expires_in: '15811200',
                scope: 'read:user,user:email',
              })
            : form({
                error: 'bad_verification_code',
                error_description: 'The code passed is incorrect or expired.',
                error_uri: 'https://docs.github.com/apps/troubleshooting',
              }),
        );
      });
    });
  });
  after(() => server.close());

  const client = (options: PresetOptions) =>
    new OAuth2Client({
      ...github(options),
      authorizationEndpoint: `${server.url}/login/oauth/authorize`,
      tokenEndpoint: `${server.url}/login/oauth/access_token`,
      clientId: 'Iv1.app',
      clientSecret: 'gh-secret',
      redirectUri: 'http://127.0.0.1/callback',
      now: () => 1_700_000_000_000,
    });

  test('code exchange and refresh give TokenSets; errors are OAuthResponseError; each fix reported once', async () => {
    const messages: string[] = [];
    const c = client({ debug: (m) => messages.push(m) });
    const { url, state, codeVerifier } = await c.createAuthorizationUrl();
    assert.equal(new URL(url).searchParams.get('scope'), 'read:user user:email');

    const token = await c.fetchToken({
      authorizationResponse: `http://127.0.0.1/callback?code=good-code&state=${state}`,
      state,
      codeVerifier,
    });
    assert.equal(token.access_token, 'ghu_access');
    assert.equal(token.token_type, 'Bearer');
    assert.equal(token.refresh_token, 'ghr_refresh');
    // expires_in came as text: accepted as a number without a fix.
    assert.equal(token.expires_in, 28800);
    assert.equal(token.expires_at, 1_700_000_000 + 28800);
    assert.equal(seen.at(-1)?.get('client_secret'), 'gh-secret', 'client_secret_post');

    for (let i = 0; i < 2; i++) {
      await assert.rejects(
        c.fetchToken({ code: 'stale-code', codeVerifier }),
        (e: unknown) =>
          e instanceof OAuthResponseError &&
          e.error === 'bad_verification_code' &&
          e.status === 400 &&
          e.code === 'ERR_OAUTH_RESPONSE',
      );
    }
    const refreshed = await c.refreshToken();
    assert.equal(refreshed.token_type, 'Bearer');

    assert.equal(messages.length, 3, messages.join('\n'));
    for (const name of ['formEncodedTokenResponse', 'http200ErrorResponse', 'defaultTokenType']) {
      assert.equal(messages.filter((m) => m.includes(`fix ${name} `)).length, 1, name);
    }
    for (const secret of ['ghu_access', 'ghr_refresh', 'gh-secret', 'good-code']) {
      assert.ok(!messages.join('\n').includes(secret), `no ${secret} in the debug messages`);
    }
  });

  test('strict: true sends GitHub’s answers to the client unfixed: they are refused', async () => {
    const messages: string[] = [];
    const c = client({ strict: true, debug: (m) => messages.push(m) });
    await assert.rejects(
      c.fetchToken({ code: 'good-code', codeVerifier: 'v'.repeat(43) }),
      (e: unknown) => e instanceof UnexpectedResponseError && e.code === 'ERR_UNEXPECTED_RESPONSE',
    );
    assert.deepEqual(messages, []);
  });
});
