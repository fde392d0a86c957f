import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { needsPeer } from '../../oauthkit/test/helpers/peers.js';
import { runCli } from './helpers/cli.js';

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Runs the bash completion function for a command line and returns the candidates. */
function complete(script: string, words: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'oauthkit-completion-'));
  const file = join(dir, 'oauthkit.bash');
  writeFileSync(file, script);
  const arr = words.map((w) => `'${w}'`).join(' ');
  const r = spawnSync(
    'bash',
    [
      '-c',
      `source ${file}; COMP_WORDS=(${arr}); COMP_CWORD=${words.length - 1}; _oauthkit; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean);
}

describe('oauthkit completion', () => {
  test('generates bash, zsh and fish scripts from the command tree', async () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const r = await runCli(['completion', shell]);
      assert.equal(r.code, 0, r.stderr);
      for (const word of [
        'login',
        'decode',
        'profiles',
        shell === 'fish' ? '-l json' : '--json',
        'oauth1',
        'dev-server',
      ]) {
        assert.ok(r.stdout.includes(word), `${shell} script mentions ${word}`);
      }
    }
    const json = await runCli(['completion', 'fish', '--json']);
    assert.equal(JSON.parse(json.stdout).shell, 'fish');
  });

  test('the bash script parses and completes commands, subcommands, options and choices', async () => {
    const { stdout: script } = await runCli(['completion', 'bash']);
    assert.equal(spawnSync('bash', ['-n'], { input: script }).status, 0, 'bash -n');
    assert.deepEqual(complete(script, ['oauthkit', 'pro']), ['profiles']);
    assert.deepEqual(complete(script, ['oauthkit', 'profiles', '']).sort(), [
      'add',
      'list',
      'remove',
      'rm',
      'show',
      'use',
    ]);
    assert.ok(complete(script, ['oauthkit', 'login', '--']).includes('--no-browser'));
    assert.ok(
      complete(script, ['oauthkit', 'login', '--']).includes('--json'),
      'global options too',
    );
    assert.ok(!complete(script, ['oauthkit', '--']).includes('--no-browser'));
    assert.deepEqual(complete(script, ['oauthkit', 'oauth1', 'login', '--p']).sort(), [
      '--pin',
      '--port',
      '--profile',
    ]);
    assert.deepEqual(complete(script, ['oauthkit', 'completion', '']).sort(), [
      'bash',
      'fish',
      'zsh',
    ]);
    assert.deepEqual(
      complete(script, [
        'oauthkit',
        'profiles',
        'add',
        'x',
        '--auth-method',
        'client_secret_',
      ]).sort(),
      ['client_secret_basic', 'client_secret_jwt', 'client_secret_post'],
    );
  });

  test(
    'the zsh and fish scripts parse when those shells are installed',
    needsPeer('zsh and fish', has('zsh') && has('fish'), 'apt-get install zsh fish'),
    async () => {
      if (has('zsh')) {
        const { stdout } = await runCli(['completion', 'zsh']);
        assert.equal(spawnSync('zsh', ['-n'], { input: stdout }).status, 0);
      }
      if (has('fish')) {
        // fish reads a script from a file more reliably than from a pipe ("Unable to read input file").
        const { stdout } = await runCli(['completion', 'fish']);
        const file = join(mkdtempSync(join(tmpdir(), 'oauthkit-fish-')), 'oauthkit.fish');
        writeFileSync(file, stdout);
        const fish = spawnSync('fish', ['--no-execute', file], { encoding: 'utf8' });
        assert.equal(fish.status, 0, fish.stderr);
      }
    },
  );
});
