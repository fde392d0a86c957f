/**
 * The config file: profiles, one per provider/client. Location, in order:
 * `--config FILE`, `$OAUTHKIT_CONFIG`, `$XDG_CONFIG_HOME/oauthkit/config.json`,
 * `~/.config/oauthkit/config.json`. Written atomically (temp file + rename) with mode 0600
 * in a 0700 directory, because a profile may hold a client secret.
 */
import { chmod, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CliError, configError } from './cli-error.js';

export const AUTH_METHODS = [
  'client_secret_basic',
  'client_secret_post',
  'client_secret_jwt',
  'private_key_jwt',
  'none',
] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

/**
 * oauthkit/oauth1's SIGNATURE_METHODS, written out: the option parser needs them at start-up,
 * where the CLI loads no library module (test/client-options.test.ts keeps the two equal).
 */
export const OAUTH1_SIGNATURE_METHODS = [
  'HMAC-SHA1',
  'HMAC-SHA256',
  'HMAC-SHA512',
  'RSA-SHA1',
  'RSA-SHA256',
  'RSA-SHA512',
  'PLAINTEXT',
] as const;
export type OAuth1SignatureMethod = (typeof OAUTH1_SIGNATURE_METHODS)[number];

export interface OAuth1Profile {
  requestTokenUrl?: string;
  authorizationUrl?: string;
  accessTokenUrl?: string;
  consumerKey?: string;
  /** Secret: redacted by `profiles show`. */
  consumerSecret?: string;
  signatureMethod?: OAuth1SignatureMethod;
  /** Path to a PEM private key for RSA-* methods (the key stays in its own file). */
  rsaKeyFile?: string;
}

export interface Profile {
  /** OpenID/RFC 8414 issuer; endpoints below override what discovery finds. */
  issuer?: string;
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
  revocationEndpoint?: string;
  introspectionEndpoint?: string;
  deviceAuthorizationEndpoint?: string;
  userinfoEndpoint?: string;
  endSessionEndpoint?: string;
  clientId?: string;
  /** Secret: redacted by `profiles show`. */
  clientSecret?: string;
  tokenEndpointAuthMethod?: AuthMethod;
  /** Path to a PEM/JWK private key for private_key_jwt (the key stays in its own file). */
  privateKeyFile?: string;
  /** Space-separated, as on the wire. */
  scope?: string;
  /** Fixed redirect URI; when unset, `login` uses http://127.0.0.1:<random port>/callback. */
  redirectUri?: string;
  oauth1?: OAuth1Profile;
}

export interface ConfigFile {
  version: 1;
  defaultProfile?: string;
  profiles: Record<string, Profile>;
}

/** Field paths that hold secrets, for redaction and for the permission warning. */
export const SECRET_FIELDS = ['clientSecret', 'oauth1.consumerSecret'] as const;

export function configPath(explicit: string | undefined, env: NodeJS.ProcessEnv): string {
  if (explicit !== undefined && explicit !== '') return explicit;
  if (env.OAUTHKIT_CONFIG) return env.OAUTHKIT_CONFIG;
  const base = env.XDG_CONFIG_HOME ? env.XDG_CONFIG_HOME : join(env.HOME ?? homedir(), '.config');
  return join(base, 'oauthkit', 'config.json');
}

const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function checkProfileName(name: string): string {
  if (!PROFILE_NAME.test(name)) {
    throw new CliError(
      'ERR_USAGE',
      `Invalid profile name "${name.slice(0, 70)}": expected 1-64 characters of letters, digits, ".", "_" or "-", starting with a letter or digit.`,
    );
  }
  return name;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Profile fields that are also `OAuth2Client` options of the same name. */
export const OAUTH2_ENDPOINT_FIELDS = [
  'issuer',
  'authorizationEndpoint',
  'tokenEndpoint',
  'revocationEndpoint',
  'introspectionEndpoint',
  'deviceAuthorizationEndpoint',
  'userinfoEndpoint',
] as const;

export const STRING_FIELDS = [
  ...OAUTH2_ENDPOINT_FIELDS,
  'endSessionEndpoint',
  'clientId',
  'clientSecret',
  'privateKeyFile',
  'scope',
  'redirectUri',
] as const;
const OAUTH1_STRING_FIELDS = [
  'requestTokenUrl',
  'authorizationUrl',
  'accessTokenUrl',
  'consumerKey',
  'consumerSecret',
  'rsaKeyFile',
] as const;

/** Validates a parsed config file; unknown fields are kept out (a typo should not pass silently). */
export function parseConfig(value: unknown, path: string): ConfigFile {
  const bad = (what: string) =>
    configError(
      `Config file ${path} is invalid: ${what}. Fix or remove the file, or pass --config to use another one.`,
    );
  if (!isRecord(value)) throw bad('expected a JSON object');
  if (value.version !== 1)
    throw bad(`expected "version": 1, found ${JSON.stringify(value.version)}`);
  const profiles: Record<string, Profile> = {};
  const raw = value.profiles ?? {};
  if (!isRecord(raw)) throw bad('"profiles" must be an object');
  for (const [name, p] of Object.entries(raw)) {
    if (!PROFILE_NAME.test(name)) throw bad(`profile name "${name.slice(0, 70)}" is not allowed`);
    if (!isRecord(p)) throw bad(`profile "${name}" must be an object`);
    const profile: Profile = {};
    for (const [key, v] of Object.entries(p)) {
      if ((STRING_FIELDS as readonly string[]).includes(key)) {
        if (typeof v !== 'string') throw bad(`profile "${name}": "${key}" must be a string`);
        (profile as Record<string, string>)[key] = v;
      } else if (key === 'tokenEndpointAuthMethod') {
        if (!(AUTH_METHODS as readonly unknown[]).includes(v)) {
          throw bad(
            `profile "${name}": "tokenEndpointAuthMethod" must be one of ${AUTH_METHODS.join(', ')}`,
          );
        }
        profile.tokenEndpointAuthMethod = v as AuthMethod;
      } else if (key === 'oauth1') {
        if (!isRecord(v)) throw bad(`profile "${name}": "oauth1" must be an object`);
        const o: OAuth1Profile = {};
        for (const [k1, v1] of Object.entries(v)) {
          if ((OAUTH1_STRING_FIELDS as readonly string[]).includes(k1) && typeof v1 === 'string') {
            (o as Record<string, string>)[k1] = v1;
          } else if (
            k1 === 'signatureMethod' &&
            (OAUTH1_SIGNATURE_METHODS as readonly unknown[]).includes(v1)
          ) {
            o.signatureMethod = v1 as OAuth1SignatureMethod;
          } else {
            throw bad(`profile "${name}": unknown or invalid field "oauth1.${k1}"`);
          }
        }
        profile.oauth1 = o;
      } else {
        throw bad(`profile "${name}": unknown field "${key}"`);
      }
    }
    profiles[name] = profile;
  }
  const config: ConfigFile = { version: 1, profiles };
  if (value.defaultProfile !== undefined) {
    if (typeof value.defaultProfile !== 'string') throw bad('"defaultProfile" must be a string');
    config.defaultProfile = value.defaultProfile;
  }
  return config;
}

export interface LoadedConfig {
  path: string;
  config: ConfigFile;
  /** False when the file does not exist yet (an empty config is returned). */
  exists: boolean;
  /** Set when the file is readable by group or others. */
  looseMode?: number;
}

export async function loadConfig(path: string): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      return { path, config: { version: 1, profiles: {} }, exists: false };
    }
    throw configError(
      `Cannot read config file ${path}: ${(e as Error).message}. Check its permissions.`,
      e,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw configError(
      `Config file ${path} is not valid JSON (${(e as Error).message}). Fix it, or pass --config to use another file.`,
      e,
    );
  }
  const loaded: LoadedConfig = { path, config: parseConfig(json, path), exists: true };
  const mode = (await stat(path)).mode & 0o777;
  if ((mode & 0o077) !== 0) loaded.looseMode = mode;
  return loaded;
}

/** Atomic replace: write a 0600 temp file beside the target, fsync, rename over it. */
export async function saveConfig(path: string, config: ConfigFile): Promise<void> {
  const dir = dirname(path);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw configError(`Cannot create config directory ${dir}: ${(e as Error).message}.`, e);
  }
  const tmp = join(
    dir,
    `.${Date.now()}-${Buffer.from(crypto.getRandomValues(new Uint8Array(6))).toString('hex')}.tmp`,
  );
  try {
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(`${JSON.stringify(config, null, 2)}\n`, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    // The umask cannot widen 0600, but be explicit: the file may hold client secrets.
    await chmod(tmp, 0o600);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw configError(`Cannot write config file ${path}: ${(e as Error).message}.`, e);
  }
}

/** The profile to use: `--profile`, `$OAUTHKIT_PROFILE`, the file's default, or "default". */
export function selectProfileName(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  config: ConfigFile,
): string {
  return flag ?? (env.OAUTHKIT_PROFILE || undefined) ?? config.defaultProfile ?? 'default';
}

export function getProfile(loaded: LoadedConfig, name: string): Profile {
  const profile = loaded.config.profiles[name];
  if (profile === undefined) {
    const known = Object.keys(loaded.config.profiles);
    throw new CliError(
      'ERR_PROFILE_NOT_FOUND',
      `No profile "${name}" in ${loaded.path}` +
        (known.length ? ` (profiles: ${known.join(', ')}).` : ' (it has no profiles yet).') +
        ' Create one with `oauthkit profiles add NAME --issuer URL --client-id ID`.',
    );
  }
  return profile;
}
