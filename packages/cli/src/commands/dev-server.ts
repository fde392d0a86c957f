/**
 * `oauthkit dev-server`: runs `@oauthkit/dev-server` on 127.0.0.1 until SIGINT/SIGTERM,
 * after printing its issuer, clients and users (secrets and passwords redacted: they are
 * the ones in the provider config, or the defaults the dev-server README lists).
 */
import { readFile } from 'node:fs/promises';
import type { DevServerOptions } from '@oauthkit/dev-server';
import { CliError, configError } from '../cli-error.js';
import { redact } from '../redact.js';
import type { CommandModule } from '../run.js';

/** Fields a provider config file may set (the JSON-expressible `DevServerOptions`). */
const FILE_FIELDS = [
  'port',
  'users',
  'clients',
  'scopes',
  'ttl',
  'defaultUser',
  'requireOfflineAccess',
  'oauth1Consumers',
  'oauth1TimestampWindow',
  'interactive',
  'jwks',
] as const;

async function readProviderConfig(path: string): Promise<DevServerOptions> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw configError(
      `Cannot read the provider config ${path}: ${(e as Error).message}. Expected a JSON object with users, clients, scopes or ttl (see the dev-server README).`,
      e,
    );
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw configError(`The provider config ${path} must be a JSON object.`);
  }
  for (const key of Object.keys(json)) {
    if (!(FILE_FIELDS as readonly string[]).includes(key)) {
      throw configError(
        `The provider config ${path} has an unknown field "${key}": expected one of ${FILE_FIELDS.join(', ')}.`,
      );
    }
  }
  return json as DevServerOptions;
}

export const run: CommandModule['run'] = async (ctx, _args, options) => {
  const fileOptions =
    typeof options.providerConfig === 'string'
      ? await readProviderConfig(options.providerConfig)
      : {};
  const devOptions: DevServerOptions = { port: 9090, ...fileOptions };
  if (options.port !== undefined) {
    const port = Number(options.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new CliError(
        'ERR_USAGE',
        `--port must be a TCP port number (0-65535), got "${String(options.port)}". Use 0 for a free port.`,
      );
    }
    devOptions.port = port;
  }
  if (options.interactive === true) devOptions.interactive = true;
  const { startDevServer } = await import('@oauthkit/dev-server');
  let server: Awaited<ReturnType<typeof startDevServer>>;
  try {
    server = await startDevServer(devOptions);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new CliError(
        'ERR_USAGE',
        `Port ${devOptions.port} on 127.0.0.1 is in use. Pick another with --port, or --port 0 for a free one.`,
        { cause: e },
      );
    }
    throw e;
  }
  const clients = server.clients.map((c) => ({
    clientId: c.clientId,
    ...(c.clientSecret === undefined ? {} : { clientSecret: redact(c.clientSecret) }),
    tokenEndpointAuthMethod: c.tokenEndpointAuthMethod,
    grantTypes: c.grantTypes,
    redirectUris: c.redirectUris,
    scope: c.scope,
  }));
  const users = server.users.map((u) => ({ accountId: u.accountId, username: u.username }));
  const interactive = devOptions.interactive === true;
  if (ctx.json) {
    ctx.out.printJson({
      issuer: server.issuer,
      port: server.port,
      interactive,
      endpoints: server.endpoints,
      clients,
      users,
      oauth1Consumers: server.oauth1Consumers.map((c) => ({ consumerKey: c.consumerKey })),
    });
  } else {
    ctx.out.print(`oauthkit dev provider: ${ctx.out.out.bold(server.issuer)}`);
    ctx.out.print(`  discovery  ${server.endpoints.discovery}`);
    for (const c of clients) {
      ctx.out.print(
        `  client     ${c.clientId} (${c.tokenEndpointAuthMethod}${c.clientSecret ? `, secret ${c.clientSecret}` : ''}; ${c.grantTypes.join(', ')})`,
      );
    }
    for (const u of users) ctx.out.print(`  user       ${u.username}`);
    ctx.out.print(
      `  approval   ${interactive ? 'interactive: a login and consent page' : 'automatic (--interactive shows a login page)'}`,
    );
    ctx.out.print(
      '  Secrets and passwords are the provider config ones, or the defaults in the dev-server README. Ctrl-C stops.',
    );
  }
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', stop);
      ctx.out.note(`${signal}: stopping the dev provider`);
      server.stop().then(resolve, resolve);
    };
    // bin.ts exits 130 on SIGINT; take it over so the server closes cleanly first.
    process.removeAllListeners('SIGINT');
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
};
