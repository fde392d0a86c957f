import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runCli, tempHome } from './helpers/cli.js';

const SECRET = 'canary-client-secret-0123456789';
const CONSUMER = 'canary-consumer-secret-abcdef';

describe('oauthkit profiles', () => {
  test('add, list, show, use, remove round-trip in a 0600 file; secrets never printed', async () => {
    const home = tempHome();
    const config = join(home, 'cfg', 'oauthkit.json');
    const env = { OAUTHKIT_CONFIG: config };

    const add = await runCli(
      [
        'profiles',
        'add',
        'dev',
        '--issuer',
        'http://127.0.0.1:9090',
        '--client-id',
        'cli',
        '--scope',
        'openid  profile',
        '--json',
      ],
      { home, env: { ...env, OAUTHKIT_CLIENT_SECRET: SECRET } },
    );
    assert.equal(add.code, 0, add.stderr);
    const added = JSON.parse(add.stdout);
    assert.equal(added.created, true);
    assert.equal(added.configPath, config);
    assert.equal(added.profile.name, 'dev');
    assert.equal(added.profile.default, true, 'the first profile becomes the default');
    assert.equal(added.profile.scope, 'openid profile');

    const add2 = await runCli(
      [
        'profiles',
        'add',
        'x1',
        '--oauth1-request-token-url',
        'https://api.example.com/oauth/request_token',
        '--oauth1-access-token-url',
        'https://api.example.com/oauth/access_token',
        '--oauth1-consumer-key',
        'ck',
        '--oauth1-consumer-secret-stdin',
      ],
      { home, env, input: `${CONSUMER}\n` },
    );
    assert.equal(add2.code, 0, add2.stderr);

    // The file: mode 0600, the secrets stored for later use.
    assert.equal(statSync(config).mode & 0o777, 0o600);
    const stored = JSON.parse(readFileSync(config, 'utf8'));
    assert.equal(stored.version, 1);
    assert.equal(stored.defaultProfile, 'dev');
    assert.equal(stored.profiles.dev.clientSecret, SECRET);
    assert.equal(stored.profiles.x1.oauth1.consumerSecret, CONSUMER);

    const list = await runCli(['profiles', 'list', '--json'], { home, env });
    assert.equal(list.code, 0);
    const listed = JSON.parse(list.stdout);
    assert.deepEqual(
      listed.profiles.map((p: { name: string }) => p.name),
      ['dev', 'x1'],
    );
    assert.equal(listed.defaultProfile, 'dev');

    const outputs = [add, add2, list];
    for (const args of [
      ['profiles', 'show'],
      ['profiles', 'show', 'x1'],
      ['profiles', 'list'],
      ['profiles', 'show', 'x1', '--json'],
    ]) {
      const r = await runCli(args, { home, env });
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
      outputs.push(r);
    }
    const shown = JSON.parse(outputs.at(-1)?.stdout ?? '');
    assert.equal(shown.profile.oauth1.consumerSecret, `[set, ${CONSUMER.length} chars]`);
    for (const r of outputs) {
      for (const secret of [SECRET, CONSUMER]) {
        assert.ok(
          !r.stdout.includes(secret.slice(0, 12)),
          'no secret (nor a long prefix) on stdout',
        );
        assert.ok(!r.stderr.includes(secret.slice(0, 12)), 'no secret on stderr');
      }
    }

    const use = await runCli(['profiles', 'use', 'x1', '--json'], { home, env });
    assert.equal(use.code, 0);
    assert.equal(JSON.parse(use.stdout).defaultProfile, 'x1');
    const showDefault = await runCli(['profiles', 'show', '--json'], { home, env });
    assert.equal(JSON.parse(showDefault.stdout).profile.name, 'x1');
    const showFlag = await runCli(['profiles', 'show', '--json', '--profile', 'dev'], {
      home,
      env,
    });
    assert.equal(JSON.parse(showFlag.stdout).profile.name, 'dev');

    const dup = await runCli(
      ['profiles', 'add', 'dev', '--issuer', 'https://a.example', '--client-id', 'x'],
      { home, env },
    );
    assert.equal(dup.code, 2, 'an existing profile is not replaced without --force');
    const force = await runCli(
      ['profiles', 'add', 'dev', '--issuer', 'https://a.example', '--client-id', 'x', '--force'],
      { home, env },
    );
    assert.equal(force.code, 0, force.stderr);

    const rm = await runCli(['profiles', 'remove', 'x1', '--json'], { home, env });
    assert.equal(rm.code, 0);
    assert.deepEqual(JSON.parse(rm.stdout), {
      configPath: config,
      removed: 'x1',
      tokenDeleted: true,
      defaultProfile: null,
    });
    const after = await runCli(['profiles', 'list', '--json'], { home, env });
    assert.deepEqual(
      JSON.parse(after.stdout).profiles.map((p: { name: string }) => p.name),
      ['dev'],
    );
    assert.equal(statSync(config).mode & 0o777, 0o600, 'still 0600 after rewrites');

    const missing = await runCli(['profiles', 'show', 'x1'], { home, env });
    assert.equal(missing.code, 5);
  });

  test('the config file lives in $XDG_CONFIG_HOME/oauthkit by default, and --config overrides', async () => {
    const home = tempHome();
    const r = await runCli(
      ['profiles', 'add', 'a', '--issuer', 'https://id.example.com', '--client-id', 'c'],
      { home },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(join(home, 'xdg', 'oauthkit', 'config.json')));
    assert.equal(statSync(join(home, 'xdg', 'oauthkit')).mode & 0o777, 0o700);

    const other = join(home, 'other.json');
    const r2 = await runCli(
      [
        '--config',
        other,
        'profiles',
        'add',
        'b',
        '--issuer',
        'https://id.example.com',
        '--client-id',
        'c',
      ],
      { home },
    );
    assert.equal(r2.code, 0, r2.stderr);
    assert.deepEqual(Object.keys(JSON.parse(readFileSync(other, 'utf8')).profiles), ['b']);

    const noXdg = await runCli(['profiles', 'list', '--json'], {
      home,
      env: { XDG_CONFIG_HOME: undefined },
    });
    assert.equal(
      JSON.parse(noXdg.stdout).configPath,
      join(home, '.config', 'oauthkit', 'config.json'),
    );
  });

  test('invalid input is refused before anything is written', async () => {
    const home = tempHome();
    const config = join(home, 'c.json');
    const env = { OAUTHKIT_CONFIG: config };
    const cases = [
      ['profiles', 'add', 'bad name', '--issuer', 'https://a.example', '--client-id', 'x'],
      ['profiles', 'add', 'p', '--issuer', 'http://evil.example.com', '--client-id', 'x'],
      ['profiles', 'add', 'p', '--issuer', 'not a url', '--client-id', 'x'],
      ['profiles', 'add', 'p', '--issuer', 'https://a.example'],
      ['profiles', 'add', 'p', '--client-id', 'x'],
      ['profiles', 'add', 'p'],
      [
        'profiles',
        'add',
        'p',
        '--issuer',
        'https://a.example',
        '--client-id',
        'x',
        '--auth-method',
        'magic',
      ],
    ];
    for (const args of cases) {
      const r = await runCli(args, { home, env });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    }
    assert.equal(existsSync(config), false);
  });

  test('a hidden prompt is refused with a clear error when stdin is not a terminal', async () => {
    const home = tempHome();
    const r = await runCli(
      [
        'profiles',
        'add',
        'p',
        '--issuer',
        'https://a.example',
        '--client-id',
        'x',
        '--ask-client-secret',
        '--json',
      ],
      { home },
    );
    assert.equal(r.code, 5);
    const body = JSON.parse(r.stdout);
    assert.equal(body.error.code, 'ERR_SECRET_UNAVAILABLE');
    assert.match(body.error.message, /OAUTHKIT_CLIENT_SECRET/);
  });

  test('a secret given as a flag works but warns about shell history', async () => {
    const home = tempHome();
    const r = await runCli(
      [
        'profiles',
        'add',
        'p',
        '--issuer',
        'https://a.example',
        '--client-id',
        'x',
        '--client-secret',
        SECRET,
      ],
      { home },
    );
    assert.equal(r.code, 0);
    assert.match(r.stderr, /history/);
    assert.ok(!r.stdout.includes(SECRET) && !r.stderr.includes(SECRET));
  });

  test('a broken config file exits 5 and names the file', async () => {
    const home = tempHome();
    const config = join(home, 'broken.json');
    for (const text of [
      '{not json',
      '{"version": 2, "profiles": {}}',
      '{"version": 1, "profiles": {"a": {"clientId": 3}}}',
    ]) {
      writeFileSync(config, text, { mode: 0o600 });
      const r = await runCli(['profiles', 'list'], { home, env: { OAUTHKIT_CONFIG: config } });
      assert.equal(r.code, 5, text);
      assert.ok(r.stderr.includes(config));
    }
  });

  test('a config file readable by others gets a warning', async () => {
    const home = tempHome();
    const config = join(home, 'loose.json');
    writeFileSync(config, '{"version": 1, "profiles": {}}', { mode: 0o644 });
    const r = await runCli(['profiles', 'list'], { home, env: { OAUTHKIT_CONFIG: config } });
    assert.equal(r.code, 0);
    assert.match(r.stderr, /chmod 600/);
  });
});
