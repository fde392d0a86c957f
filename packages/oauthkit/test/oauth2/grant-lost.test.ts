/**
 * The end of a grant: every refresh is refused with invalid_grant by a real token endpoint
 * on 127.0.0.1. The client re-reads the store once; when the newer token it finds there is
 * refused too, the caller gets GrantLostError, onGrantLost fires once, and nothing loops.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GrantLostError } from '../../src/errors.js';
import { OAuth2Client } from '../../src/oauth2/index.js';
import { MemoryTokenStore } from '../../src/tokens/stores/memory.js';
import type { TokenSet } from '../../src/tokens/token.js';
import { startServer, type TestServer } from '../helpers/server.js';

let srv: TestServer;
const refreshTokensSeen: string[] = [];
before(async () => {
  srv = await startServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      refreshTokensSeen.push(new URLSearchParams(body).get('refresh_token') ?? '');
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end('{"error":"invalid_grant","error_description":"grant revoked"}');
    });
  });
});
after(() => srv.close());

const expired = (rt: string): TokenSet => ({
  access_token: `at-${rt}`,
  token_type: 'Bearer',
  refresh_token: rt,
  expires_at: 1,
});

/**
 * A store another process writes to: once our refresh has been refused, it holds a newer
 * token (as if the other process had rotated meanwhile), stale as well.
 */
class RotatingStore extends MemoryTokenStore {
  override async get(): Promise<TokenSet | undefined> {
    return refreshTokensSeen.length === 0 ? expired('rt-1') : expired('rt-2');
  }
}

test('a newer stored token that is refused too ends in GrantLostError and one event', async () => {
  const store = new RotatingStore();
  const lost: GrantLostError[] = [];
  const client = new OAuth2Client({
    clientId: 'app',
    clientSecret: 'secret',
    tokenEndpoint: `${srv.url}/token`,
    store,
    token: expired('rt-1'),
    onGrantLost: (e) => {
      lost.push(e);
    },
  });
  await assert.rejects(client.getAccessToken(), (e: unknown) => {
    assert.ok(e instanceof GrantLostError);
    assert.equal(e.code, 'ERR_GRANT_LOST');
    assert.equal(e.error, 'invalid_grant');
    return true;
  });
  assert.equal(lost.length, 1);
  assert.deepEqual(refreshTokensSeen, ['rt-1', 'rt-2']);
});
