/**
 * `oauthkit logout`: revokes the stored token (RFC 7009; unless `--no-revoke`), deletes it
 * from the store, and with `--end-session` opens (or prints) the provider's
 * end_session_endpoint (OpenID Connect RP-Initiated Logout) when it has one.
 */
import { CliError } from '../cli-error.js';
import { redactText } from '../redact.js';
import type { CommandModule } from '../run.js';
import { clientFor, openSession } from '../session.js';

export const run: CommandModule['run'] = async (ctx, _args, options) => {
  const session = await openSession(ctx);
  const token = await session.store.get(session.key);
  for (const v of [token?.access_token, token?.refresh_token]) ctx.addSecret(v);
  const revoked: string[] = [];
  const wantRevoke = options.revoke !== false && token !== undefined;
  const endSession = options.endSession === true;
  const client =
    wantRevoke || endSession
      ? await clientFor(ctx, session, {
          needs: endSession ? ['revocationEndpoint', 'metadata'] : ['revocationEndpoint'],
        })
      : undefined;
  if (wantRevoke && client && token) {
    try {
      if (token.refresh_token) {
        await client.revokeToken(token.refresh_token, { tokenTypeHint: 'refresh_token' });
        revoked.push('refresh_token');
      }
      await client.revokeToken(token.access_token, { tokenTypeHint: 'access_token' });
      revoked.push('access_token');
    } catch (e) {
      // Forgetting the token locally is still what the user asked for.
      ctx.out.warn(
        `Could not revoke at the provider (${redactText((e as Error).message)}); deleting the local token anyway.`,
      );
    }
  }
  await session.store.delete(session.key);
  let endSessionUrl: string | undefined;
  if (endSession) {
    const endpoint =
      session.profile.endSessionEndpoint ??
      (typeof client?.metadata?.end_session_endpoint === 'string'
        ? client.metadata.end_session_endpoint
        : undefined);
    if (endpoint === undefined) {
      throw new CliError(
        'ERR_CONFIG',
        `The local token is deleted, but profile "${session.name}" has no end_session_endpoint (none configured, none in discovery). Set one with oauthkit profiles add ${session.name} --force --end-session-endpoint URL ...`,
      );
    }
    // client_id, not id_token_hint: the URL may be printed, and an id_token is a credential.
    const url = new URL(endpoint);
    url.searchParams.set('client_id', client?.clientId ?? '');
    endSessionUrl = url.href;
    if (options.browser === false || ctx.json)
      ctx.out.note(`Open to end the provider session: ${endSessionUrl}`);
    else {
      const { default: open } = await import('open');
      await open(endSessionUrl).catch(() => ctx.out.note(`Open: ${endSessionUrl}`));
    }
  }
  if (ctx.json) {
    ctx.out.printJson({
      profile: session.name,
      hadToken: token !== undefined,
      revoked,
      deleted: true,
      ...(endSessionUrl === undefined ? {} : { endSessionUrl }),
    });
  } else {
    ctx.out.print(
      token === undefined
        ? `No token was stored for profile "${session.name}".`
        : `Logged out of profile "${session.name}"${revoked.length ? ` (revoked ${revoked.join(' and ')})` : ''}; the token is deleted.`,
    );
  }
};
