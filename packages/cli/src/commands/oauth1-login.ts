/**
 * `oauthkit oauth1 login` (stub). TODO(lead): OAuth1Client from 'oauthkit/oauth1': fetchRequestToken (oob or loopback), createAuthorizationUrl, fetchAccessToken; store the token credentials.
 *
 * Its options and help are in program.ts; `options` carries them parsed. Until it is wired
 * in, it says so and exits 1: no pretend success.
 */
import { notImplemented } from '../cli-error.js';
import type { CommandModule } from '../run.js';

export const run: CommandModule['run'] = async () => {
  throw notImplemented('oauth1 login');
};
