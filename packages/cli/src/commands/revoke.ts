/**
 * `oauthkit revoke`: RFC 7009 revocation of the stored access and/or refresh token, then
 * deletes it from the store unless `--keep`.
 */
import type { CommandModule } from '../run.js';
import { clientFor, openSession, storedToken } from '../session.js';

export const run: CommandModule['run'] = async (ctx, _args, options) => {
  const session = await openSession(ctx);
  const token = await storedToken(ctx, session);
  const which = String(options.token ?? 'both');
  const client = await clientFor(ctx, session, { needs: ['revocationEndpoint'] });
  const revoked: string[] = [];
  // The refresh token first: revoking it usually revokes the grant's access tokens too.
  if ((which === 'refresh' || which === 'both') && token.refresh_token) {
    await client.revokeToken(token.refresh_token, { tokenTypeHint: 'refresh_token' });
    revoked.push('refresh_token');
  }
  if (which === 'access' || which === 'both') {
    await client.revokeToken(token.access_token, { tokenTypeHint: 'access_token' });
    revoked.push('access_token');
  }
  const keep = options.keep === true;
  if (!keep) await session.store.delete(session.key);
  if (ctx.json) ctx.out.printJson({ profile: session.name, revoked, deleted: !keep });
  else {
    ctx.out.print(
      `Revoked ${revoked.join(' and ') || 'nothing (no refresh token stored)'} of profile "${session.name}"${keep ? '; the token stays in the store' : '; removed it from the store'}.`,
    );
  }
};
