/**
 * `oauthkit token` (stub). TODO(lead): FileTokenStore + OAuth2Client.getAccessToken(); print the token alone on stdout. Keep imports minimal (startup budget 150 ms): no jose on the cached path.
 *
 * Its options and help are in program.ts; `options` carries them parsed. Until it is wired
 * in, it says so and exits 1: no pretend success.
 */
import { notImplemented } from '../cli-error.js';
import type { CommandModule } from '../run.js';

export const run: CommandModule['run'] = async () => {
  throw notImplemented('token');
};
