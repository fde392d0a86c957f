/**
 * OAuth 1.0a provider endpoints (RFC 5849): temporary credentials (§2.1), resource owner
 * authorization (§2.2), token credentials (§2.3) and one protected resource. Signatures are
 * checked by an {@link OAuth1Verifier}; everything else (consumer, token, verifier, timestamp
 * and nonce checks) is here.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml, loginPage, messagePage, page } from '../html.js';
import { checkPassword, readForm, sendHtml } from '../interactions.js';
import type { DevOAuth1Consumer, ResolvedUser } from '../options.js';
import { OAuth1Store, type RequestTokenRecord } from './store.js';
import type { OAuth1Verifier } from './verifier.js';

export interface OAuth1Setup {
  consumers: readonly DevOAuth1Consumer[];
  users: ReadonlyMap<string, ResolvedUser>;
  defaultUser: string;
  interactive: boolean;
  verifier: OAuth1Verifier | undefined;
  /** Seconds. */
  timestampWindow: number;
  now: () => number;
}

export interface OAuth1Endpoints {
  handle(req: IncomingMessage, res: ServerResponse, issuer: string): Promise<boolean>;
}

/** OAuth Problem Reporting (the `oauth_problem` extension most OAuth 1 providers use). */
class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly problem: string,
    readonly advice: string,
  ) {
    super(advice);
  }
}

type Pairs = Array<[string, string]>;

/** Parses an `Authorization: OAuth k="v", ...` header (§3.5.1); `realm` is not a parameter. */
export function parseOAuthHeader(header: string | undefined): Pairs {
  if (!header || !/^OAuth\s/i.test(header)) return [];
  const pairs: Pairs = [];
  for (const m of header.slice(6).matchAll(/([\w.~%-]+)\s*=\s*"([^"]*)"/g)) {
    const name = decodeURIComponent(m[1]!);
    if (name !== 'realm') pairs.push([name, decodeURIComponent(m[2]!)]);
  }
  return pairs;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function sendForm(res: ServerResponse, status: number, fields: Record<string, string>): void {
  const body = new URLSearchParams(fields).toString();
  res.writeHead(status, {
    'content-type': 'application/x-www-form-urlencoded',
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}

interface SignedRequest {
  oauth: Record<string, string>;
  /** Query and body parameters that are not protocol parameters. */
  extra: Pairs;
  consumer: DevOAuth1Consumer;
}

export function createOAuth1Endpoints(setup: OAuth1Setup): OAuth1Endpoints {
  const store = new OAuth1Store();
  const consumers = new Map(setup.consumers.map((c) => [c.consumerKey, c]));
  const windowMs = setup.timestampWindow * 1000;

  /** Collects the parameters, checks consumer, timestamp, nonce and signature. */
  async function verifyRequest(
    req: IncomingMessage,
    url: URL,
    body: URLSearchParams | undefined,
    tokenSecret: (oauth: Record<string, string>) => string,
  ): Promise<SignedRequest> {
    const header = parseOAuthHeader(req.headers.authorization);
    const query: Pairs = [...new URLSearchParams(url.search.slice(1))];
    const form: Pairs = body ? [...body] : [];
    const params: Pairs = [...header, ...query, ...form];
    const oauth: Record<string, string> = {};
    for (const [k, v] of params) {
      if (!k.startsWith('oauth_')) continue;
      if (k in oauth) throw new ProblemError(400, 'parameter_rejected', `${k} appears twice`);
      oauth[k] = v;
    }
    for (const k of ['oauth_consumer_key', 'oauth_signature_method', 'oauth_signature']) {
      if (!oauth[k]) throw new ProblemError(400, 'parameter_absent', `${k} is missing`);
    }
    const method = oauth.oauth_signature_method!;
    if (method !== 'PLAINTEXT') {
      for (const k of ['oauth_timestamp', 'oauth_nonce']) {
        if (!oauth[k]) throw new ProblemError(400, 'parameter_absent', `${k} is missing`);
      }
    }
    if (oauth.oauth_version !== undefined && oauth.oauth_version !== '1.0') {
      throw new ProblemError(400, 'version_rejected', 'oauth_version must be 1.0 when sent');
    }
    const consumer = consumers.get(oauth.oauth_consumer_key!);
    if (!consumer) {
      throw new ProblemError(401, 'consumer_key_unknown', 'the consumer key is not registered');
    }
    const verifier = setup.verifier;
    if (!verifier) {
      throw new ProblemError(
        501,
        'signature_method_rejected',
        'OAuth 1.0a signature verification is not configured on this dev server (options.oauth1Verifier)',
      );
    }
    if (!verifier.signatureMethods.includes(method)) {
      throw new ProblemError(
        400,
        'signature_method_rejected',
        `supported: ${verifier.signatureMethods.join(', ')}`,
      );
    }
    const now = setup.now();
    if (oauth.oauth_timestamp !== undefined) {
      const ts = Number(oauth.oauth_timestamp);
      if (!/^\d+$/.test(oauth.oauth_timestamp) || Math.abs(ts * 1000 - now) > windowMs) {
        throw new ProblemError(
          401,
          'timestamp_refused',
          `oauth_timestamp must be within ${setup.timestampWindow} s of the server clock`,
        );
      }
    }
    const secret = tokenSecret(oauth);
    const ok = await verifier.verify({
      method: (req.method ?? 'GET').toUpperCase(),
      url: url.href,
      params,
      oauth,
      consumerSecret: consumer.consumerSecret,
      ...(consumer.rsaPublicKey ? { consumerPublicKey: consumer.rsaPublicKey } : {}),
      tokenSecret: secret,
    });
    if (!ok) throw new ProblemError(401, 'signature_invalid', 'the signature does not match');
    // The nonce counts only once the signature proved who sent it.
    if (oauth.oauth_nonce !== undefined) {
      const key = [
        consumer.consumerKey,
        oauth.oauth_token ?? '',
        oauth.oauth_timestamp,
        oauth.oauth_nonce,
      ].join('\n');
      if (!store.useNonce(key, now, windowMs)) {
        throw new ProblemError(
          401,
          'nonce_used',
          'this nonce was already used with this timestamp',
        );
      }
    }
    const extra = [...query, ...form].filter(([k]) => !k.startsWith('oauth_'));
    return { oauth, extra, consumer };
  }

  function redirectWithVerifier(res: ServerResponse, record: RequestTokenRecord, verifier: string) {
    if (record.callback === 'oob') {
      sendHtml(
        res,
        200,
        page(
          'Authorized',
          `<p>Enter this verification code in the application:</p>
<p><code class="big" id="oauth_verifier">${escapeHtml(verifier)}</code></p>`,
        ),
      );
      return;
    }
    const target = new URL(record.callback);
    target.searchParams.set('oauth_token', record.token);
    target.searchParams.set('oauth_verifier', verifier);
    res.writeHead(302, { location: target.href, 'content-length': '0' }).end();
  }

  async function authorize(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const form = req.method === 'POST' ? await readForm(req) : undefined;
    const token = form?.get('oauth_token') ?? url.searchParams.get('oauth_token') ?? '';
    const record = store.findRequestToken(token, setup.now());
    if (!record || record.verifier) {
      sendHtml(
        res,
        400,
        messagePage(
          'Unknown request token',
          'This authorization link has expired or was already used. Start again from the application.',
          true,
        ),
      );
      return;
    }
    if (!setup.interactive) {
      redirectWithVerifier(res, record, store.approve(record, setup.defaultUser));
      return;
    }
    const action = `/oauth1/authorize?oauth_token=${encodeURIComponent(token)}`;
    if (!form) {
      sendHtml(res, 200, loginPage({ action, clientName: record.consumerKey }));
      return;
    }
    const username = form.get('username') ?? '';
    const user = checkPassword(setup.users, username, form.get('password') ?? '');
    if (!user) {
      sendHtml(
        res,
        401,
        loginPage({
          action,
          clientName: record.consumerKey,
          username,
          error: 'Unknown username or wrong password. Try again.',
        }),
      );
      return;
    }
    redirectWithVerifier(res, record, store.approve(record, user.accountId));
  }

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const isForm = (req.headers['content-type'] ?? '').startsWith(
      'application/x-www-form-urlencoded',
    );
    switch (url.pathname) {
      case '/oauth1/authorize':
        await authorize(req, res, url);
        return true;
      case '/oauth1/request_token': {
        const body = isForm ? await readForm(req) : undefined;
        const { oauth, consumer } = await verifyRequest(req, url, body, () => '');
        const callback = oauth.oauth_callback;
        if (!callback) {
          throw new ProblemError(
            400,
            'parameter_absent',
            'oauth_callback is missing (use "oob" for a PIN)',
          );
        }
        if (callback !== 'oob' && !URL.canParse(callback)) {
          throw new ProblemError(
            400,
            'parameter_rejected',
            'oauth_callback must be an absolute URI or "oob"',
          );
        }
        const record = store.issueRequestToken(consumer.consumerKey, callback, setup.now());
        sendForm(res, 200, {
          oauth_token: record.token,
          oauth_token_secret: record.secret,
          oauth_callback_confirmed: 'true',
        });
        return true;
      }
      case '/oauth1/access_token': {
        const body = isForm ? await readForm(req) : undefined;
        let record: RequestTokenRecord | undefined;
        const { oauth, consumer } = await verifyRequest(req, url, body, (o) => {
          record = store.findRequestToken(o.oauth_token ?? '', setup.now());
          if (!record)
            throw new ProblemError(401, 'token_rejected', 'unknown or expired request token');
          return record.secret;
        });
        if (!record || record.consumerKey !== consumer.consumerKey) {
          throw new ProblemError(
            401,
            'token_rejected',
            'the request token belongs to another consumer',
          );
        }
        if (!record.verifier || !sameText(record.verifier, oauth.oauth_verifier ?? '')) {
          throw new ProblemError(
            401,
            'verifier_invalid',
            'oauth_verifier does not match the authorization',
          );
        }
        const access = store.issueAccessToken(record);
        sendForm(res, 200, {
          oauth_token: access.token,
          oauth_token_secret: access.secret,
          user_id: access.accountId,
          screen_name: access.accountId,
        });
        return true;
      }
      case '/oauth1/resource': {
        const body = isForm ? await readForm(req) : undefined;
        let accountId = '';
        const { extra } = await verifyRequest(req, url, body, (o) => {
          const access = store.findAccessToken(o.oauth_token ?? '');
          if (!access || access.consumerKey !== o.oauth_consumer_key) {
            throw new ProblemError(401, 'token_rejected', 'unknown access token');
          }
          accountId = access.accountId;
          return access.secret;
        });
        const user = setup.users.get(accountId);
        const json = JSON.stringify({
          accountId,
          claims: user?.claims ?? {},
          method: req.method,
          params: extra,
        });
        res.writeHead(200, {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(json)),
        });
        res.end(json);
        return true;
      }
      default:
        return false;
    }
  }

  return {
    async handle(req, res, issuer) {
      const url = new URL(req.url ?? '/', req.headers.host ? `http://${req.headers.host}` : issuer);
      try {
        return await route(req, res, url);
      } catch (error) {
        if (!(error instanceof ProblemError)) throw error;
        if (error.status === 401) res.setHeader('www-authenticate', `OAuth realm="${issuer}"`);
        sendForm(res, error.status, {
          oauth_problem: error.problem,
          oauth_problem_advice: error.advice,
        });
        return true;
      }
    },
  };
}
