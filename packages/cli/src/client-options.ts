/**
 * Glue for wiring commands to the library: a profile plus the command line become the
 * options object of `new OAuth2Client(...)` / `OidcClient.discover(...)` /
 * `new OAuth1Client(...)`, with the SPEC's option names, the verbose `fetch` and the
 * `--timeout`. The client secret is resolved here (flag, env, stdin, then the profile), and
 * registered so `--verbose` traces hide it.
 */
import type { OAuth2ClientOptions } from 'oauthkit/oauth2';
import { CliError } from './cli-error.js';
import { OAUTH2_ENDPOINT_FIELDS, type Profile } from './config.js';
import type { Context } from './context.js';
import { resolveSecret, secretIo } from './secrets.js';

export interface SecretFlags {
  clientSecret?: string | undefined;
  clientSecretStdin?: boolean | undefined;
}

/** The options of `new OAuth2Client(...)`, with the CLI's `fetch` and `timeout` always set. */
export type OAuth2Options = OAuth2ClientOptions & {
  fetch: NonNullable<OAuth2ClientOptions['fetch']>;
  timeout: number;
};

export async function oauth2Options(
  ctx: Context,
  profileName: string,
  profile: Profile,
  flags: SecretFlags = {},
): Promise<OAuth2Options> {
  if (profile.clientId === undefined) {
    throw new CliError(
      'ERR_CONFIG',
      `Profile "${profileName}" has no OAuth 2 client id. Add one: oauthkit profiles add ${profileName} --force --client-id ID ...`,
    );
  }
  const options: OAuth2Options = {
    clientId: profile.clientId,
    fetch: ctx.fetch,
    timeout: ctx.timeout,
  };
  for (const key of OAUTH2_ENDPOINT_FIELDS) {
    const value = profile[key];
    if (value !== undefined) options[key] = value;
  }
  if (profile.tokenEndpointAuthMethod !== undefined)
    options.tokenEndpointAuthMethod = profile.tokenEndpointAuthMethod;
  if (profile.redirectUri !== undefined) options.redirectUri = profile.redirectUri;
  if (profile.scope !== undefined) options.scope = profile.scope;
  const secret =
    (await resolveSecret(
      {
        label: 'client secret',
        flag: flags.clientSecret,
        flagName: '--client-secret',
        envName: 'OAUTHKIT_CLIENT_SECRET',
        stdin: flags.clientSecretStdin,
      },
      secretIo(ctx),
    )) ?? profile.clientSecret;
  if (secret !== undefined) {
    options.clientSecret = secret;
    ctx.addSecret(secret);
  }
  const method =
    options.tokenEndpointAuthMethod ?? (secret === undefined ? 'none' : 'client_secret_basic');
  if (
    (method === 'client_secret_basic' ||
      method === 'client_secret_post' ||
      method === 'client_secret_jwt') &&
    secret === undefined
  ) {
    throw new CliError(
      'ERR_SECRET_UNAVAILABLE',
      `Profile "${profileName}" uses ${method} but no client secret was found. Set OAUTHKIT_CLIENT_SECRET, pass --client-secret-stdin, or store one with oauthkit profiles add ${profileName} --force --ask-client-secret ...`,
    );
  }
  return options;
}

export interface OAuth1Options {
  clientId: string;
  clientSecret: string;
  signatureMethod?: string;
  requestTokenUrl?: string;
  authorizationUrl?: string;
  accessTokenUrl?: string;
  rsaKeyFile?: string;
  fetch: typeof fetch;
}

export async function oauth1Options(
  ctx: Context,
  profileName: string,
  profile: Profile,
  flags: { consumerSecretStdin?: boolean | undefined } = {},
): Promise<OAuth1Options> {
  const o = profile.oauth1;
  if (o?.consumerKey === undefined) {
    throw new CliError(
      'ERR_CONFIG',
      `Profile "${profileName}" has no OAuth 1.0a consumer key. Add one: oauthkit profiles add ${profileName} --force --oauth1-consumer-key KEY ...`,
    );
  }
  const secret =
    (await resolveSecret(
      {
        label: 'consumer secret',
        flagName: '--consumer-secret',
        envName: 'OAUTHKIT_CONSUMER_SECRET',
        stdin: flags.consumerSecretStdin,
      },
      secretIo(ctx),
    )) ?? o.consumerSecret;
  const rsa = o.signatureMethod?.startsWith('RSA-') === true;
  if (secret === undefined && !rsa) {
    throw new CliError(
      'ERR_SECRET_UNAVAILABLE',
      `Profile "${profileName}" has no OAuth 1.0a consumer secret. Set OAUTHKIT_CONSUMER_SECRET or pass --consumer-secret-stdin.`,
    );
  }
  ctx.addSecret(secret);
  const options: OAuth1Options = {
    clientId: o.consumerKey,
    clientSecret: secret ?? '',
    fetch: ctx.fetch,
  };
  if (o.signatureMethod !== undefined) options.signatureMethod = o.signatureMethod;
  if (o.requestTokenUrl !== undefined) options.requestTokenUrl = o.requestTokenUrl;
  if (o.authorizationUrl !== undefined) options.authorizationUrl = o.authorizationUrl;
  if (o.accessTokenUrl !== undefined) options.accessTokenUrl = o.accessTokenUrl;
  if (o.rsaKeyFile !== undefined) options.rsaKeyFile = o.rsaKeyFile;
  return options;
}
