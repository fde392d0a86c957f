/**
 * `oauthkit refresh`: refresh_token grant now, through the client and the store's lock, and
 * store the new token. Prints a redacted summary.
 */
import { CliError } from '../cli-error.js';
import type { CommandModule } from '../run.js';
import { clientFor, openSession, storedToken } from '../session.js';
import { tokenLines, tokenView } from '../token-view.js';

export const run: CommandModule['run'] = async (ctx) => {
  const session = await openSession(ctx);
  const token = await storedToken(ctx, session);
  if (!token.refresh_token) {
    throw new CliError(
      'ERR_NO_TOKEN',
      `The token stored for profile "${session.name}" has no refresh token, so it cannot be refreshed. Log in again (ask for offline_access if the provider needs it): oauthkit login --profile ${session.name}`,
    );
  }
  // refreshToken() without an argument treats the held access token as rejected, takes the
  // store's lock, re-reads, and refreshes unless another process already did.
  const client = await clientFor(ctx, session, { needs: ['tokenEndpoint'], extra: { token } });
  const fresh = await client.refreshToken();
  for (const v of [fresh.access_token, fresh.refresh_token]) ctx.addSecret(v);
  const view = tokenView(fresh);
  if (ctx.json) ctx.out.printJson({ profile: session.name, refreshed: true, token: view });
  else {
    ctx.out.print(`Refreshed the token of profile "${session.name}".`);
    for (const line of tokenLines(view)) ctx.out.print(`  ${line}`);
  }
};
