/**
 * `oauthkit introspect [token|-]`: RFC 7662. Default: the stored access token. The answer
 * is printed with any token values in it redacted.
 */
import { text } from 'node:stream/consumers';
import { usageError } from '../cli-error.js';
import { redactText } from '../redact.js';
import type { CommandModule } from '../run.js';
import { clientFor, openSession, storedToken } from '../session.js';

export const run: CommandModule['run'] = async (ctx, args, options) => {
  const session = await openSession(ctx);
  let token = typeof args[0] === 'string' ? args[0] : undefined;
  if (token === '-') token = (await text(process.stdin)).trim();
  if (token === '') throw usageError('The token read from stdin is empty: pipe a token in.');
  const hint = typeof options.tokenTypeHint === 'string' ? options.tokenTypeHint : undefined;
  if (token === undefined) {
    const stored = await storedToken(ctx, session);
    token = hint === 'refresh_token' ? (stored.refresh_token ?? '') : stored.access_token;
    if (!token) throw usageError(`Profile "${session.name}" has no stored refresh token.`);
  }
  ctx.addSecret(token);
  const client = await clientFor(ctx, session, { needs: ['introspectionEndpoint'] });
  const result = await client.introspectToken(
    token,
    hint === undefined ? {} : { tokenTypeHint: hint },
  );
  const shown = JSON.parse(redactText(JSON.stringify(result), [token])) as Record<string, unknown>;
  if (ctx.json) ctx.out.printJson({ profile: session.name, introspection: shown });
  else {
    ctx.out.print(`active: ${String(result.active)}`);
    for (const [k, v] of Object.entries(shown)) {
      if (k === 'active') continue;
      const date =
        (k === 'exp' || k === 'iat' || k === 'nbf') && typeof v === 'number'
          ? ` (${new Date(v * 1000).toISOString()})`
          : '';
      ctx.out.print(`${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}${date}`);
    }
  }
};
