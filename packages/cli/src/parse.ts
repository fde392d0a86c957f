/** The full parser (commander): every command, help, suggestions and usage errors. */
import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import { ExitCode } from './exit-codes.js';
import { buildProgram } from './program.js';

export async function parseAndRun(argv: readonly string[]): Promise<void> {
  const { version } = JSON.parse(
    readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
  ) as {
    version: string;
  };
  // run.js (and with it the context, config and output modules) loads only when a command runs.
  const program = buildProgram(version, async (name, command) => {
    const { runCommand } = await import('./run.js');
    await runCommand(name, command);
  });
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // Help and --version exit 0; every other parser complaint is a usage error (exit 2).
    const ok = error.exitCode === 0;
    if (!ok && argv.includes('--json')) {
      const message = error.message.replace(/^error: /, '');
      process.stdout.write(
        `${JSON.stringify({ error: { code: 'ERR_USAGE', message, exitCode: ExitCode.Usage } }, null, 2)}\n`,
      );
    }
    process.exitCode = ok ? ExitCode.Ok : ExitCode.Usage;
  }
}
