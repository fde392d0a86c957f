/**
 * `oauthkit request` (stub). TODO(lead): OAuth2Client.fetch() or OAuth1Client.fetch() from the profile; curl-like output.
 *
 * Its options and help are in program.ts; `options` carries them parsed. Until it is wired
 * in, it says so and exits 1: no pretend success.
 */
import { notImplemented } from '../cli-error.js';
import type { CommandModule } from '../run.js';

export const run: CommandModule['run'] = async () => {
  throw notImplemented('request');
};
