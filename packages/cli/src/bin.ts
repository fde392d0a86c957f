#!/usr/bin/env node
/**
 * The `oauthkit` entry point. Kept tiny on purpose: the command tree is defined up front,
 * but each command's module (and jose, the dev provider, ...) is imported only when that
 * command runs, so `oauthkit token` starts fast.
 */
import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import { ExitCode } from './exit-codes.js';
import { buildProgram } from './program.js';
import { active } from './state.js';

const { version } = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
) as {
  version: string;
};

process.once('SIGINT', () => {
  active.output?.stopSpinner();
  process.stderr.write('\ninterrupted\n');
  process.exit(ExitCode.Interrupted);
});

// run.js (and with it the context, config and output modules) loads only when a command runs.
const program = buildProgram(version, async (name, command) => {
  const { runCommand } = await import('./run.js');
  await runCommand(name, command);
});
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof CommanderError)) throw error;
  // Help and --version exit 0; every other parser complaint is a usage error (exit 2).
  const ok = error.exitCode === 0;
  if (!ok && process.argv.includes('--json')) {
    const message = error.message.replace(/^error: /, '');
    process.stdout.write(
      `${JSON.stringify({ error: { code: 'ERR_USAGE', message, exitCode: ExitCode.Usage } }, null, 2)}\n`,
    );
  }
  process.exitCode = ok ? ExitCode.Ok : ExitCode.Usage;
}
