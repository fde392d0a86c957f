import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Command } from 'commander';
import { parseFast } from '../src/fast-path.js';
import { buildProgram } from '../src/program.js';

/** What the full parser hands to the command: name, options, options with globals. */
async function viaCommander(argv: string[]) {
  let seen:
    | { name: string; options: Record<string, unknown>; withGlobals: Record<string, unknown> }
    | undefined;
  const program = buildProgram('0.0.0', async (name, command: Command) => {
    seen = { name, options: { ...command.opts() }, withGlobals: { ...command.optsWithGlobals() } };
  });
  program.configureOutput({ writeErr: () => {}, writeOut: () => {} });
  await program.parseAsync(['node', 'oauthkit', ...argv]).catch(() => {});
  return seen;
}

const SAME = [
  ['token'],
  ['header'],
  ['token', '--json'],
  ['--json', 'token'],
  ['token', '--profile', 'work', '--verbose'],
  ['--profile=work', 'token', '--min-ttl', '5m', '--no-refresh'],
  ['--config', '/tmp/c.json', '--no-color', '--timeout', '3s', 'header', '--value-only'],
  ['header', '--profile', 'token'],
];

const FALL_BACK = [
  ['token', '--help'],
  ['token', '-h'],
  ['token', '--bogus'],
  ['token', 'extra'],
  ['header', '--min-ttl', '5m'],
  ['token', '--profile'],
  ['--version'],
  ['decode', 'token'],
  ['profiles', 'show', 'token'],
  ['token', '--profile', '--json'],
];

describe('start-up fast path', () => {
  test('parses token/header exactly as commander does', async () => {
    for (const argv of SAME) {
      const fast = parseFast(argv);
      const full = await viaCommander(argv);
      assert.ok(fast, `fast path taken for ${argv.join(' ')}`);
      assert.ok(full);
      assert.equal(fast.name, full.name, argv.join(' '));
      assert.deepEqual(fast.options, full.options, argv.join(' '));
      assert.deepEqual(fast.withGlobals, full.withGlobals, argv.join(' '));
    }
  });

  test('leaves help, errors and every other command to the full parser', () => {
    for (const argv of FALL_BACK) assert.equal(parseFast(argv), undefined, argv.join(' '));
  });
});
