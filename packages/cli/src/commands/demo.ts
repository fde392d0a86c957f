/**
 * `oauthkit demo` (stub). TODO(lead): startDevServer() from @oauthkit/dev-server in-process, then OidcClient from 'oauthkit/oidc' with \`fetch: ctx.fetch\`; print one numbered step per line, \`{ steps: [...] }\` with --json.
 *
 * Its options and help are in program.ts; `options` carries them parsed. Until it is wired
 * in, it says so and exits 1: no pretend success.
 */
import { notImplemented } from '../cli-error.js';
import type { CommandModule } from '../run.js';

export const run: CommandModule['run'] = async () => {
  throw notImplemented('demo');
};
