/**
 * `oauthkit discover [issuer]`: the issuer's metadata through the library's discovery
 * (OpenID Connect Discovery / RFC 8414, issuer checked).
 */
import { usageError } from '../cli-error.js';
import type { CommandModule } from '../run.js';

export const run: CommandModule['run'] = async (ctx, args) => {
  let issuer = typeof args[0] === 'string' ? args[0] : undefined;
  if (issuer === undefined) {
    const loaded = await ctx.config();
    const name = await ctx.profileName();
    issuer = loaded.config.profiles[name]?.issuer;
    if (issuer === undefined) {
      throw usageError(
        `No issuer given and profile "${name}" has none. Pass one: oauthkit discover https://accounts.example.com`,
      );
    }
  }
  const { OAuth2Client } = await import('oauthkit/oauth2');
  const client = await OAuth2Client.discover(issuer, {
    clientId: 'oauthkit-discover',
    fetch: ctx.fetch,
    timeout: ctx.timeout,
  });
  const metadata = client.metadata ?? { issuer };
  if (ctx.json) {
    ctx.out.printJson({ issuer, metadata });
    return;
  }
  ctx.out.print(`issuer: ${metadata.issuer}`);
  for (const [k, v] of Object.entries(metadata)) {
    if (k === 'issuer') continue;
    ctx.out.print(
      `${k}: ${Array.isArray(v) ? v.join(' ') : typeof v === 'string' ? v : JSON.stringify(v)}`,
    );
  }
};
