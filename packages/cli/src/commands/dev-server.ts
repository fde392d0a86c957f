/**
 * `oauthkit dev-server` (stub). TODO(lead): startDevServer() from @oauthkit/dev-server (add it as a dependency), print issuer and clients, stop() on SIGINT.
 *
 * Its options and help are in program.ts; `options` carries them parsed. Until it is wired
 * in, it says so and exits 1: no pretend success.
 */
import { notImplemented } from '../cli-error.js';
import type { CommandModule } from '../run.js';

export const run: CommandModule['run'] = async () => {
  throw notImplemented('dev-server');
};
