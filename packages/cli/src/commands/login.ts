/**
 * `oauthkit login` (stub). TODO(lead): OidcClient/OAuth2Client (\`fetch: ctx.fetch\`, \`timeout: ctx.timeout\`), loopback server on 127.0.0.1, \`open\` (lazy import), \`ctx.out.startSpinner()\` while waiting, FileTokenStore from 'oauthkit/stores'; --device via deviceAuthorization()/pollDeviceToken().
 *
 * Its options and help are in program.ts; `options` carries them parsed. Until it is wired
 * in, it says so and exits 1: no pretend success.
 */
import { notImplemented } from '../cli-error.js';
import type { CommandModule } from '../run.js';

export const run: CommandModule['run'] = async () => {
  throw notImplemented('login');
};
