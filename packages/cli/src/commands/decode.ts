/**
 * `oauthkit decode <jwt>`: the header and claims of a JWT, marked UNVERIFIED unless
 * `--verify` checked the signature against the issuer's JWKS (and `iss`, `exp`, `nbf`,
 * optionally `aud`). jose is imported only on the `--verify` path.
 *
 * The issuer comes from `--issuer` or the profile, never from the token's own `iss`:
 * trusting the token to say where its keys are would let anyone "verify" a forgery.
 */
import { CliError, usageError } from '../cli-error.js';
import type { Context } from '../context.js';
import { parseDuration } from '../duration.js';
import { checkUrl, fetchJson } from '../http.js';
import type { CommandModule } from '../run.js';

interface DecodeOptions {
  verify?: boolean;
  issuer?: string;
  audience?: string;
  clockTolerance?: string;
}

const DATE_CLAIMS = ['exp', 'iat', 'nbf', 'auth_time'] as const;

function decodePart(part: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw usageError(
      `The JWT ${what} is not base64url-encoded JSON: expected header.payload.signature as issued by a provider.`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw usageError(`The JWT ${what} is not a JSON object.`);
  }
  return value as Record<string, unknown>;
}

async function readInput(arg: string): Promise<string> {
  if (arg !== '-') return arg.trim();
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

function relative(seconds: number, now: number): string {
  const diff = seconds - now / 1000;
  const abs = Math.abs(diff);
  const text =
    abs < 90
      ? `${Math.round(abs)} s`
      : abs < 5400
        ? `${Math.round(abs / 60)} min`
        : abs < 172_800
          ? `${Math.round(abs / 3600)} h`
          : `${Math.round(abs / 86_400)} days`;
  return diff >= 0 ? `in ${text}` : `${text} ago`;
}

interface Verification {
  issuer: string;
  jwksUri: string;
  alg: string;
  kid: string | undefined;
}

/** The issuer's jwks_uri, through the library's discovery (issuer checked, RFC 8414 §3.3). */
async function discoverJwksUri(ctx: Context, issuer: string): Promise<string> {
  const { OAuth2Client } = await import('oauthkit/oauth2');
  const client = await OAuth2Client.discover(issuer, {
    clientId: 'oauthkit-decode',
    fetch: ctx.fetch,
    timeout: ctx.timeout,
  });
  const jwksUri = client.metadata?.jwks_uri;
  if (typeof jwksUri !== 'string') {
    throw new CliError(
      'ERR_JWKS',
      `The discovery document of ${issuer} has no jwks_uri: this issuer publishes no keys to verify with.`,
    );
  }
  return checkUrl(jwksUri, 'jwks_uri').href;
}

async function verify(
  ctx: Context,
  jwt: string,
  issuer: string,
  o: DecodeOptions,
): Promise<Verification> {
  const jwksUri = await discoverJwksUri(ctx, issuer);
  const jwks = await fetchJson(jwksUri, { fetch: ctx.fetch, timeout: ctx.timeout, what: 'JWKS' });
  const clockTolerance = Math.round(
    parseDuration(o.clockTolerance ?? '0s', '--clock-tolerance', { allowZero: true }) / 1000,
  );
  const jose = await import('jose');
  let keySet: ReturnType<typeof jose.createLocalJWKSet>;
  try {
    keySet = jose.createLocalJWKSet(
      jwks as unknown as Parameters<typeof jose.createLocalJWKSet>[0],
    );
  } catch (e) {
    throw new CliError(
      'ERR_JWKS',
      `The JWKS at ${jwksUri} is not a valid JSON Web Key Set: ${(e as Error).message}.`,
      { cause: e },
    );
  }
  try {
    const result = await jose.jwtVerify(jwt, keySet, {
      issuer,
      ...(o.audience !== undefined ? { audience: o.audience } : {}),
      clockTolerance,
    });
    return { issuer, jwksUri, alg: result.protectedHeader.alg, kid: result.protectedHeader.kid };
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    const why = (e as Error).message;
    if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') {
      throw new CliError(
        'ERR_JWT_SIGNATURE',
        `Signature verification FAILED: no key in ${jwksUri} produced this signature. The token is forged, altered, or from another issuer.`,
        { cause: e },
      );
    }
    if (code.startsWith('ERR_JWKS_')) {
      throw new CliError(
        'ERR_JWKS',
        `No usable key in ${jwksUri} for this token (${why}). Check that it was issued by ${issuer}.`,
        { cause: e },
      );
    }
    if (code === 'ERR_JWT_EXPIRED' || code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
      throw new CliError(
        'ERR_JWT_CLAIM',
        `The signature is valid but a claim check failed: ${why}. Use --clock-tolerance for clock skew.`,
        { cause: e },
      );
    }
    throw new CliError('ERR_JWT_INVALID', `Verification failed: ${why}.`, { cause: e });
  }
}

export const run: CommandModule['run'] = async (ctx, args, rawOptions) => {
  const o = rawOptions as DecodeOptions;
  const jwt = await readInput(String(args[0]));
  const parts = jwt.split('.');
  if (parts.length === 5) {
    throw usageError(
      'This is an encrypted JWT (JWE, 5 parts): only its recipient can decrypt the claims.',
    );
  }
  if (parts.length !== 3) {
    throw usageError(
      `Not a JWT: expected 3 dot-separated parts (header.payload.signature), found ${parts.length}.`,
    );
  }
  const header = decodePart(parts[0] ?? '', 'header');
  const claims = decodePart(parts[1] ?? '', 'payload');
  const now = Date.now();
  const dates: Record<string, string> = {};
  for (const name of DATE_CLAIMS) {
    const v = claims[name];
    if (typeof v === 'number' && Number.isFinite(v)) dates[name] = new Date(v * 1000).toISOString();
  }

  let verification: Verification | undefined;
  if (o.verify) {
    let issuer = o.issuer;
    if (issuer === undefined) {
      const loaded = await ctx.config();
      issuer = loaded.config.profiles[await ctx.profileName()]?.issuer;
    }
    if (issuer === undefined) {
      throw usageError(
        '--verify needs --issuer URL (or a profile with an issuer): the token itself cannot say whose keys to trust.',
      );
    }
    checkUrl(issuer, '--issuer');
    const spinner = ctx.out.startSpinner(`Fetching the keys of ${issuer}…`);
    try {
      verification = await verify(ctx, jwt, issuer, o);
    } finally {
      spinner.stop();
    }
  } else if (o.issuer !== undefined || o.audience !== undefined) {
    ctx.out.warn(
      '--issuer and --audience are only checked with --verify; the token below is NOT verified.',
    );
  }

  if (ctx.json) {
    ctx.out.printJson({
      verified: verification !== undefined,
      status: verification ? 'VERIFIED' : 'UNVERIFIED',
      header,
      claims,
      dates,
      ...(verification ? { verification } : {}),
    });
    return;
  }
  const { out } = ctx;
  if (verification) {
    out.print(
      out.out.green(out.out.bold('VERIFIED')) +
        ` signature (${verification.alg}${verification.kid ? `, kid ${verification.kid}` : ''}) checked with the JWKS of ${verification.issuer}; iss, exp and nbf${o.audience ? ', aud' : ''} checked.`,
    );
  } else {
    out.print(
      `${out.out.yellow(out.out.bold('UNVERIFIED'))}: the signature was NOT checked; anyone can forge these claims. Use --verify --issuer URL.`,
    );
  }
  out.print(out.out.bold('Header'));
  out.print(JSON.stringify(header, null, 2));
  out.print(out.out.bold('Claims'));
  out.print(JSON.stringify(claims, null, 2));
  if (Object.keys(dates).length > 0) {
    out.print(out.out.bold('Dates'));
    for (const [name, iso] of Object.entries(dates)) {
      out.print(`  ${name.padEnd(9)} ${iso}  (${relative(claims[name] as number, now)})`);
    }
  }
};
