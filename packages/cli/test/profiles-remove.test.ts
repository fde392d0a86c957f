/** `profiles remove` takes the profile's stored token with it (deleted locally, not revoked). */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { test } from 'node:test';
import { FileTokenStore } from 'oauthkit/stores';
import { runCli, tempHome } from './helpers/cli.js';

test('profiles remove deletes the profile and its stored token, and only its token', async () => {
  const home = tempHome();
  const key = randomBytes(32).toString('base64url');
  const env = { OAUTHKIT_STORE_KEY: key };
  for (const name of ['a', 'b']) {
    const add = await runCli(
      ['profiles', 'add', name, '--issuer', 'https://as.example', '--client-id', name],
      { home, env },
    );
    assert.equal(add.code, 0, add.stderr);
  }
  const store = new FileTokenStore({ path: join(home, '.local/state/oauthkit/tokens'), key });
  const token = { access_token: 'at-0123456789', token_type: 'Bearer' };
  await store.set('oauthkit-cli/profile/a', token);
  await store.set('oauthkit-cli/profile/b', token);

  const rm = await runCli(['profiles', 'remove', 'a', '--json'], { home, env });
  assert.equal(rm.code, 0, rm.stderr);
  assert.equal(JSON.parse(rm.stdout).tokenDeleted, true);
  assert.equal(await store.get('oauthkit-cli/profile/a'), undefined);
  assert.deepEqual(await store.get('oauthkit-cli/profile/b'), token);
});
