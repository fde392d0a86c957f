/**
 * `oauthkit token`: prints the profile's access token and nothing else on stdout, refreshing
 * it first (through the library's client and the store's lock) when it expires within
 * `--min-ttl`. Start-up matters here (`$(oauthkit token)` in loops): a fresh cached token is
 * printed after reading the store, without loading the OAuth 2 client; jose and the dev
 * server are never on this path.
 */
import { parseDuration } from '../duration.js';
import type { CommandModule } from '../run.js';
import { freshToken } from '../session-token.js';

export const run: CommandModule['run'] = async (ctx, _args, options) => {
  const minTtl = parseDuration(String(options.minTtl ?? '60s'), '--min-ttl', { allowZero: true });
  const { token, refreshed } = await freshToken(ctx, {
    minTtlSeconds: minTtl / 1000,
    refresh: options.refresh !== false,
  });
  if (ctx.json) {
    const now = Math.floor(Date.now() / 1000);
    ctx.out.printJson({
      access_token: token.access_token,
      token_type: token.token_type,
      ...(token.expires_at === undefined
        ? {}
        : { expires_at: token.expires_at, expires_in: token.expires_at - now }),
      ...(token.scope === undefined ? {} : { scope: token.scope }),
      ...(token.id_token === undefined ? {} : { id_token: token.id_token }),
      refreshed,
    });
  } else {
    process.stdout.write(`${token.access_token}\n`);
  }
};
