/**
 * `oauthkit profiles add <name>`: validates everything before writing, so a typo in a URL
 * fails here and not at the first login. Secrets come from $OAUTHKIT_CLIENT_SECRET /
 * $OAUTHKIT_CONSUMER_SECRET, stdin or a hidden prompt (a flag works but warns).
 */
import { CliError, usageError } from '../cli-error.js';
import {
  type AuthMethod,
  checkProfileName,
  type OAuth1Profile,
  type OAuth1SignatureMethod,
  type Profile,
  type STRING_FIELDS,
  saveConfig,
} from '../config.js';
import { checkUrl } from '../http.js';
import { formatView, viewProfile } from '../profile-view.js';
import type { CommandModule } from '../run.js';
import { resolveSecret, secretIo } from '../secrets.js';

/** commander's parsed options: the profile's own string fields, then the flags of `add`. */
interface AddOptions extends Pick<Profile, (typeof STRING_FIELDS)[number]> {
  clientSecretStdin?: boolean;
  askClientSecret?: boolean;
  authMethod?: AuthMethod;
  oauth1RequestTokenUrl?: string;
  oauth1AuthorizeUrl?: string;
  oauth1AccessTokenUrl?: string;
  oauth1ConsumerKey?: string;
  oauth1ConsumerSecretStdin?: boolean;
  oauth1SignatureMethod?: OAuth1SignatureMethod;
  oauth1RsaKeyFile?: string;
  default?: boolean;
  force?: boolean;
}

const URL_FLAGS = [
  ['issuer', '--issuer'],
  ['authorizationEndpoint', '--authorization-endpoint'],
  ['tokenEndpoint', '--token-endpoint'],
  ['revocationEndpoint', '--revocation-endpoint'],
  ['introspectionEndpoint', '--introspection-endpoint'],
  ['deviceAuthorizationEndpoint', '--device-authorization-endpoint'],
  ['userinfoEndpoint', '--userinfo-endpoint'],
  ['endSessionEndpoint', '--end-session-endpoint'],
] as const;

export const run: CommandModule['run'] = async (ctx, args, rawOptions) => {
  const o = rawOptions as AddOptions;
  const name = checkProfileName(String(args[0]));
  if (o.clientSecretStdin && o.oauth1ConsumerSecretStdin) {
    throw usageError(
      'Only one secret can come from stdin: use $OAUTHKIT_CONSUMER_SECRET or $OAUTHKIT_CLIENT_SECRET for the other.',
    );
  }

  const profile: Profile = {};
  for (const [key, flag] of URL_FLAGS) {
    const value = o[key];
    // Kept exactly as given (issuers compare as strings), once known to be a usable URL.
    if (value !== undefined && checkUrl(value, flag)) profile[key] = value;
  }
  if (o.redirectUri !== undefined)
    profile.redirectUri = checkUrl(o.redirectUri, '--redirect-uri').href;
  if (o.clientId !== undefined) profile.clientId = o.clientId;
  if (o.authMethod !== undefined) profile.tokenEndpointAuthMethod = o.authMethod;
  if (o.privateKeyFile !== undefined) profile.privateKeyFile = o.privateKeyFile;
  if (o.scope !== undefined) profile.scope = o.scope.trim().split(/\s+/).join(' ');

  const clientSecret = await resolveSecret(
    {
      label: 'client secret',
      flag: o.clientSecret,
      flagName: '--client-secret',
      envName: 'OAUTHKIT_CLIENT_SECRET',
      stdin: o.clientSecretStdin,
      prompt: o.askClientSecret,
    },
    secretIo(ctx),
  );
  if (clientSecret !== undefined) {
    if (o.clientSecret === undefined && !o.clientSecretStdin && !o.askClientSecret) {
      ctx.out.note('Storing the client secret from $OAUTHKIT_CLIENT_SECRET.');
    }
    profile.clientSecret = clientSecret;
    ctx.addSecret(clientSecret);
  }

  const oauth1: OAuth1Profile = {};
  if (o.oauth1RequestTokenUrl !== undefined)
    oauth1.requestTokenUrl = checkUrl(o.oauth1RequestTokenUrl, '--oauth1-request-token-url').href;
  if (o.oauth1AuthorizeUrl !== undefined)
    oauth1.authorizationUrl = checkUrl(o.oauth1AuthorizeUrl, '--oauth1-authorize-url').href;
  if (o.oauth1AccessTokenUrl !== undefined)
    oauth1.accessTokenUrl = checkUrl(o.oauth1AccessTokenUrl, '--oauth1-access-token-url').href;
  if (o.oauth1ConsumerKey !== undefined) oauth1.consumerKey = o.oauth1ConsumerKey;
  if (o.oauth1SignatureMethod !== undefined) oauth1.signatureMethod = o.oauth1SignatureMethod;
  if (o.oauth1RsaKeyFile !== undefined) oauth1.rsaKeyFile = o.oauth1RsaKeyFile;
  const hasOAuth1 = Object.keys(oauth1).length > 0;
  const consumerSecret = hasOAuth1
    ? await resolveSecret(
        {
          label: 'consumer secret',
          flagName: '--oauth1-consumer-secret',
          envName: 'OAUTHKIT_CONSUMER_SECRET',
          stdin: o.oauth1ConsumerSecretStdin,
        },
        secretIo(ctx),
      )
    : undefined;
  if (consumerSecret !== undefined) {
    oauth1.consumerSecret = consumerSecret;
    ctx.addSecret(consumerSecret);
  }
  if (hasOAuth1) profile.oauth1 = oauth1;

  // A profile must be able to do something: OAuth 2 (client id + where to get tokens) or OAuth 1.
  const oauth2 =
    profile.clientId !== undefined ||
    profile.issuer !== undefined ||
    profile.tokenEndpoint !== undefined;
  if (oauth2 && profile.clientId === undefined) {
    throw usageError('An OAuth 2 profile needs --client-id.');
  }
  if (oauth2 && profile.issuer === undefined && profile.tokenEndpoint === undefined) {
    throw usageError('An OAuth 2 profile needs --issuer (with discovery) or --token-endpoint.');
  }
  if (hasOAuth1 && (oauth1.consumerKey === undefined || oauth1.accessTokenUrl === undefined)) {
    throw usageError(
      'An OAuth 1.0a profile needs at least --oauth1-consumer-key and --oauth1-access-token-url.',
    );
  }
  if (!oauth2 && !hasOAuth1) {
    throw usageError(
      'Nothing to save: give --issuer and --client-id (OAuth 2) or the --oauth1-* options.',
    );
  }
  if (
    profile.tokenEndpointAuthMethod === 'private_key_jwt' &&
    profile.privateKeyFile === undefined
  ) {
    throw usageError('--auth-method private_key_jwt needs --private-key-file.');
  }

  const loaded = await ctx.config();
  const exists = Object.hasOwn(loaded.config.profiles, name);
  if (exists && !o.force) {
    throw new CliError(
      'ERR_USAGE',
      `Profile "${name}" already exists in ${loaded.path}. Pass --force to replace it, or pick another name.`,
    );
  }
  const config = { ...loaded.config, profiles: { ...loaded.config.profiles, [name]: profile } };
  if (o.default || config.defaultProfile === undefined) config.defaultProfile = name;
  await saveConfig(loaded.path, config);

  const view = viewProfile(name, profile, config.defaultProfile === name);
  if (ctx.json) {
    ctx.out.printJson({ configPath: loaded.path, created: !exists, profile: view });
    return;
  }
  ctx.out.print(
    `${exists ? 'Replaced' : 'Added'} profile ${ctx.out.out.bold(name)}${view.default ? ' (default)' : ''} in ${loaded.path}`,
  );
  for (const line of formatView(view)) ctx.out.print(line);
};
