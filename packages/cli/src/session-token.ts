/**
 * The fresh-token path of `token` and `header`, kept apart from the rest of the session
 * code so that a fresh cached token costs one store read: the OAuth 2 client (and
 * discovery) load only when a refresh is due.
 */
import type { TokenSet } from 'oauthkit/oauth2';
import type { Context } from './context.js';
import { clientFor, openSession, storedToken } from './session.js';

export async function freshToken(
  ctx: Context,
  options: { minTtlSeconds: number; refresh: boolean },
): Promise<{ token: TokenSet; refreshed: boolean }> {
  const session = await openSession(ctx);
  const token = await storedToken(ctx, session);
  const stale =
    typeof token.expires_at === 'number' &&
    token.expires_at - options.minTtlSeconds <= Date.now() / 1000;
  if (!stale || !options.refresh) return { token, refreshed: false };
  const client = await clientFor(ctx, session, {
    needs: ['tokenEndpoint'],
    extra: { token, refreshLeeway: options.minTtlSeconds },
  });
  // getAccessToken refreshes under the store's lock, re-reading first (another process may
  // have refreshed already), and persists the new token before handing it out.
  await client.getAccessToken();
  const fresh = client.token ?? token;
  for (const v of [fresh.access_token, fresh.refresh_token]) ctx.addSecret(v);
  return { token: fresh, refreshed: fresh.access_token !== token.access_token };
}
