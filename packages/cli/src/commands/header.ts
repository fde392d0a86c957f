/**
 * `oauthkit header`: `Authorization: Bearer <token>` for `curl -H "$(oauthkit header)"`,
 * with the same refresh rules as `oauthkit token`.
 */
import type { CommandModule } from '../run.js';
import { freshToken } from '../session-token.js';

export const run: CommandModule['run'] = async (ctx, _args, options) => {
  const { token } = await freshToken(ctx, { minTtlSeconds: 60, refresh: true });
  // RFC 6750 §2.1 names the scheme "Bearer" whatever case the token response used.
  const scheme = /^dpop$/i.test(token.token_type) ? 'DPoP' : 'Bearer';
  const value = `${scheme} ${token.access_token}`;
  if (ctx.json) ctx.out.printJson({ name: 'Authorization', value });
  else process.stdout.write(options.valueOnly ? `${value}\n` : `Authorization: ${value}\n`);
};
