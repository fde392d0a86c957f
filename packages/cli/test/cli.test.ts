import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { ExitCode, exitCodeFor } from '../src/exit-codes.js';
import { runCli } from './helpers/cli.js';

const COMMANDS = [
  [],
  ['demo'],
  ['login'],
  ['token'],
  ['header'],
  ['request'],
  ['refresh'],
  ['revoke'],
  ['introspect'],
  ['decode'],
  ['discover'],
  ['logout'],
  ['profiles'],
  ['profiles', 'list'],
  ['profiles', 'show'],
  ['profiles', 'add'],
  ['profiles', 'remove'],
  ['profiles', 'use'],
  ['oauth1'],
  ['oauth1', 'login'],
  ['dev-server'],
  ['completion'],
];

/** Commands whose action is not written yet: they must say so and fail, never pretend. */

describe('oauthkit command line', () => {
  test('--help of every command exits 0 and shows an example and the global options', async () => {
    const results = await Promise.all(COMMANDS.map((c) => runCli([...c, '--help'])));
    results.forEach((r, i) => {
      const name = COMMANDS[i]?.join(' ') || '(root)';
      assert.equal(r.code, 0, `${name}: ${r.stderr}`);
      assert.match(
        r.stdout,
        /\nExamples:\n(?: {2}.*\n)*? {2}\$ .*\boauthkit\b/,
        `${name} has an example`,
      );
      assert.match(r.stdout, /--json/, `${name} lists --json`);
      assert.match(r.stdout, /--verbose/, `${name} lists --verbose`);
      assert.equal(r.stderr, '');
    });
  });

  test('help <command> works like --help', async () => {
    const r = await runCli(['help', 'decode']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Usage: oauthkit decode/);
  });

  test('--version prints the package version and exits 0', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    const r = await runCli(['--version']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trim(), pkg.version);
  });

  test('usage errors exit 2: unknown command, unknown option, missing argument, bad choice, bad duration, no command', async () => {
    const cases = [
      ['bogus'],
      ['token', '--bogus'],
      ['decode'],
      ['completion', 'powershell'],
      ['--timeout', 'soon', 'profiles', 'list'],
      ['request', 'GET', 'https://x.test/', 'extra'],
      [],
    ];
    const results = await Promise.all(cases.map((c) => runCli(c)));
    results.forEach((r, i) => {
      assert.equal(r.code, ExitCode.Usage, `${cases[i]?.join(' ')}: ${r.stderr}`);
      assert.notEqual(r.stderr, '');
    });
  });

  test('a usage error with --json prints one JSON error object', async () => {
    const r = await runCli(['token', '--bogus', '--json']);
    assert.equal(r.code, 2);
    const body = JSON.parse(r.stdout) as { error: { code: string; exitCode: number } };
    assert.equal(body.error.code, 'ERR_USAGE');
    assert.equal(body.error.exitCode, 2);
  });

  test('global options are accepted before and after the command', async () => {
    const a = await runCli(['--json', 'profiles', 'list']);
    const b = await runCli([
      'profiles',
      'list',
      '--json',
      '--no-color',
      '--timeout',
      '5s',
      '--verbose',
    ]);
    assert.equal(a.code, 0);
    assert.equal(b.code, 0);
    assert.deepEqual(JSON.parse(a.stdout).profiles, []);
    assert.deepEqual(JSON.parse(b.stdout).profiles, []);
  });
});

describe('exit codes', () => {
  test('library error codes map to the documented exit codes', () => {
    assert.equal(exitCodeFor({ code: 'ERR_OAUTH_RESPONSE' }), 3);
    assert.equal(exitCodeFor({ code: 'ERR_GRANT_LOST' }), 3);
    assert.equal(exitCodeFor({ code: 'ERR_ID_TOKEN_NONCE' }), 3);
    assert.equal(exitCodeFor({ code: 'ERR_ID_TOKEN_SOMETHING_NEW' }), 3);
    assert.equal(exitCodeFor({ code: 'ERR_OAUTH1' }), 3);
    assert.equal(exitCodeFor({ code: 'ERR_NETWORK' }), 4);
    assert.equal(exitCodeFor({ code: 'ERR_TIMEOUT' }), 4);
    assert.equal(exitCodeFor({ code: 'ERR_TOKEN_STORE' }), 5);
    assert.equal(exitCodeFor({ code: 'ERR_PROFILE_NOT_FOUND' }), 5);
    assert.equal(exitCodeFor({ code: 'ERR_USAGE' }), 2);
    assert.equal(exitCodeFor({ code: 'ERR_INTERRUPTED' }), 130);
    assert.equal(exitCodeFor(new TypeError('x')), 1);
    assert.equal(exitCodeFor('x'), 1);
    assert.equal(exitCodeFor({ code: 'ENOENT' }), 1);
  });
});
