/**
 * The token cache and the OAuth 2 client of a profile, shared by the commands that use a
 * stored token (`token`, `header`, `request`, `refresh`, `revoke`, `introspect`, `logout`)
 * and by `login`, which fills it.
 *
 * Tokens live in an encrypted `FileTokenStore` (oauthkit/stores) in
 * `$XDG_STATE_HOME/oauthkit/tokens` (else `~/.local/state/oauthkit/tokens`), one entry per
 * profile. The store key comes from `OAUTHKIT_STORE_KEY`, else from a 32-byte key file
 * created with mode 0600 on first use beside the config file (`store.key`). That file sits
 * on the same disk as the tokens, so it protects against a copied token directory or a
 * backup that leaves out the config dir, not against someone who can read your home
 * directory; set OAUTHKIT_STORE_KEY from a secret manager for more.
 */
import { mkdir, open, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { OAuth1ClientOptions, OAuth1Token, SignatureMethod } from 'oauthkit/oauth1';
import type { OAuth2Client, OAuth2ClientOptions, TokenSet } from 'oauthkit/oauth2';
import type { FileTokenStore } from 'oauthkit/stores';
import { CliError, configError } from './cli-error.js';
import { type OAuth1Options, oauth2Options, type SecretFlags } from './client-options.js';
import { getProfile, type Profile } from './config.js';
import type { Context } from './context.js';

export function tokenDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_STATE_HOME
    ? env.XDG_STATE_HOME
    : join(env.HOME ?? homedir(), '.local', 'state');
  return join(base, 'oauthkit', 'tokens');
}

/** Where the generated store key lives when OAUTHKIT_STORE_KEY is not set. */
export function keyFilePath(ctx: Pick<Context, 'configPath'>): string {
  return join(dirname(ctx.configPath), 'store.key');
}

const KEY_SHAPE = /^[A-Za-z0-9_-]{43}$/;

async function storeKey(ctx: Context): Promise<string> {
  const fromEnv = ctx.env.OAUTHKIT_STORE_KEY;
  if (fromEnv) return fromEnv;
  const path = keyFilePath(ctx);
  try {
    const text = (await readFile(path, 'utf8')).trim();
    if (!KEY_SHAPE.test(text)) {
      throw configError(
        `The token store key file ${path} is damaged: expected 32 bytes as base64url (43 characters). Delete it (stored tokens become unreadable; log in again) or set OAUTHKIT_STORE_KEY.`,
      );
    }
    return text;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const key = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    // 'wx': if another process created it meanwhile, use theirs.
    const fh = await open(path, 'wx', 0o600);
    try {
      await fh.writeFile(`${key}\n`, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    return key;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return storeKey(ctx);
    throw configError(
      `Cannot create the token store key file ${path}: ${(e as Error).message}. Check the directory's permissions, or set OAUTHKIT_STORE_KEY (32 bytes, base64url).`,
      e,
    );
  }
}

export async function openStore(ctx: Context): Promise<FileTokenStore> {
  const [{ FileTokenStore }, key] = await Promise.all([import('oauthkit/stores'), storeKey(ctx)]);
  try {
    return new FileTokenStore({ path: tokenDir(ctx.env), key });
  } catch (e) {
    throw configError(
      `The token store key is not usable: ${(e as Error).message}. OAUTHKIT_STORE_KEY must be 32 bytes as base64url; make one with: node -e "console.log(crypto.randomBytes(32).toString('base64url'))"`,
      e,
    );
  }
}

/** The profile's entry in the store. */
export function storeKeyFor(profileName: string): string {
  return `oauthkit-cli/profile/${profileName}`;
}

export interface Session {
  name: string;
  profile: Profile;
  store: FileTokenStore;
  key: string;
}

export async function openSession(ctx: Context): Promise<Session> {
  const loaded = await ctx.config();
  const name = await ctx.profileName();
  const profile = getProfile(loaded, name);
  const store = await openStore(ctx);
  return { name, profile, store, key: storeKeyFor(name) };
}

export async function storedToken(ctx: Context, session: Session): Promise<TokenSet> {
  const token = await session.store.get(session.key);
  if (!token) {
    throw new CliError(
      'ERR_NO_TOKEN',
      `No token stored for profile "${session.name}". Log in first: oauthkit login --profile ${session.name}`,
    );
  }
  for (const v of [token.access_token, token.refresh_token, token.id_token]) ctx.addSecret(v);
  return token;
}

/**
 * The profile's `OAuth2Client`, wired to the store. Discovery runs only when the profile
 * names an issuer and the command needs an endpoint the profile does not list.
 */
export async function clientFor(
  ctx: Context,
  session: Session,
  options: ClientForOptions = {},
): Promise<OAuth2Client> {
  return (await clientAndOptionsFor(ctx, session, options)).client;
}

export interface ClientForOptions {
  needs?: readonly (keyof OAuth2ClientOptions)[];
  flags?: SecretFlags;
  extra?: Partial<OAuth2ClientOptions>;
}

/** As `clientFor`, with the options it was built from (e.g. the resolved client secret). */
export async function clientAndOptionsFor(
  ctx: Context,
  session: Session,
  options: ClientForOptions = {},
): Promise<{ client: OAuth2Client; options: OAuth2ClientOptions }> {
  const base = await oauth2Options(ctx, session.name, session.profile, options.flags);
  const { OAuth2Client } = await import('oauthkit/oauth2');
  const full: OAuth2ClientOptions = {
    ...(base as OAuth2ClientOptions),
    store: session.store,
    storeKey: session.key,
    ...options.extra,
  };
  const missing = (options.needs ?? []).some((k) => full[k] === undefined);
  if (missing && session.profile.issuer !== undefined) {
    const { issuer: _issuer, ...rest } = full;
    return { client: await OAuth2Client.discover(session.profile.issuer, rest), options: full };
  }
  return { client: new OAuth2Client(full), options: full };
}

/** The profile's OAuth 1.0a token credentials share the store, under their own key. */
export function oauth1StoreKeyFor(profileName: string): string {
  return `oauthkit-cli/profile/${profileName}/oauth1`;
}

/**
 * OAuth 1 token credentials as a store record: the store holds token sets, so the token
 * rides in `access_token` and its secret beside it (sealed with the rest).
 */
export async function saveOAuth1Token(session: Session, token: OAuth1Token): Promise<void> {
  await session.store.set(oauth1StoreKeyFor(session.name), {
    ...token,
    access_token: token.oauth_token,
    token_type: 'OAuth1',
  });
}

export async function loadOAuth1Token(
  ctx: Context,
  session: Session,
): Promise<{ token: string; tokenSecret: string } | undefined> {
  const record = await session.store.get(oauth1StoreKeyFor(session.name));
  if (!record || typeof record.oauth_token_secret !== 'string') return undefined;
  ctx.addSecret(record.access_token);
  ctx.addSecret(record.oauth_token_secret);
  return { token: record.access_token, tokenSecret: record.oauth_token_secret };
}

/** `OAuth1Client` options from the profile (RSA key read from its file). */
export async function oauth1ClientOptions(
  ctx: Context,
  base: OAuth1Options,
  extra: Partial<OAuth1ClientOptions> = {},
): Promise<OAuth1ClientOptions> {
  const options: OAuth1ClientOptions = {
    clientId: base.clientId,
    clientSecret: base.clientSecret,
    fetch: base.fetch,
    timeout: ctx.timeout,
    ...extra,
  };
  if (base.signatureMethod !== undefined)
    options.signatureMethod = base.signatureMethod as SignatureMethod;
  if (base.rsaKeyFile !== undefined) {
    try {
      options.rsaKey = await readFile(base.rsaKeyFile, 'utf8');
    } catch (e) {
      throw configError(
        `Cannot read the OAuth 1.0a RSA key file ${base.rsaKeyFile}: ${(e as Error).message}. Check oauth1.rsaKeyFile in the profile.`,
        e,
      );
    }
  }
  return options;
}
