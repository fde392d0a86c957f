#!/usr/bin/env node
/**
 * The `oauthkit` entry point, kept tiny on purpose (start-up budget: `oauthkit token` with
 * a cached token in <= 150 ms). `token` and `header` with a plainly valid command line skip
 * commander entirely (fast-path.ts); everything else goes through the full parser. Each
 * command's module (and jose, the dev provider, ...) is imported only when it runs.
 */
import { ExitCode } from './exit-codes.js';
import { parseFast } from './fast-path.js';
import { active } from './state.js';

process.once('SIGINT', () => {
  active.output?.stopSpinner();
  process.stderr.write('\ninterrupted\n');
  process.exit(ExitCode.Interrupted);
});

// `oauthkit demo | head`: a closed pipe ends the command quietly, as with other Unix tools.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const fast = parseFast(process.argv.slice(2));
if (fast) {
  const { runParsed } = await import('./run.js');
  await runParsed(fast.name, [], fast.options, fast.withGlobals);
} else {
  const { parseAndRun } = await import('./parse.js');
  await parseAndRun(process.argv);
}
