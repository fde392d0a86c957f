/**
 * The login and consent step of oidc-provider (its "interactions"): approved at once as the
 * default user, or shown as a real login page and consent page when `interactive` is on.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { Interaction } from 'oidc-provider';
import { consentPage, loginPage, messagePage } from './html.js';
import type { ResolvedUser } from './options.js';

export interface InteractionSetup {
  provider: Provider;
  users: ReadonlyMap<string, ResolvedUser>;
  defaultUser: string;
  interactive: boolean;
  clientNames: ReadonlyMap<string, string>;
}

const FORM_LIMIT = 64 * 1024;

/** Reads an `application/x-www-form-urlencoded` body, at most 64 KiB. */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > FORM_LIMIT) throw new RangeError('form body larger than 64 KiB');
    chunks.push(buf);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(html)),
  });
  res.end(html);
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Finds a user by login name and password; undefined when either is wrong. */
export function checkPassword(
  users: ReadonlyMap<string, ResolvedUser>,
  username: string,
  password: string,
): ResolvedUser | undefined {
  let found: ResolvedUser | undefined;
  for (const user of users.values()) {
    if (user.username === username) found = user;
  }
  // Compare even when the user is unknown, so both failures take the same path.
  const ok = sameText(found?.password ?? '\0', password);
  return ok ? found : undefined;
}

/** Creates (or extends) the grant covering what the interaction asks for. */
async function grantFor(
  provider: Provider,
  details: Interaction,
  accountId: string,
): Promise<string> {
  const clientId = String(details.params.client_id);
  let grant = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
  if (!grant || grant.accountId !== accountId) {
    grant = new provider.Grant({ accountId, clientId });
  }
  const scope = details.params.scope;
  if (typeof scope === 'string' && scope !== '') grant.addOIDCScope(scope);
  const claims = details.prompt.details.missingOIDCClaims;
  if (Array.isArray(claims)) grant.addOIDCClaims(claims.map(String));
  return grant.save();
}

/** The account auto-approval signs in: `login_hint` if it names a user, else the default. */
function autoAccount(setup: InteractionSetup, details: Interaction): string {
  const hint = details.params.login_hint;
  if (typeof hint === 'string') {
    if (setup.users.has(hint)) return hint;
    for (const user of setup.users.values()) if (user.username === hint) return user.accountId;
  }
  return details.session?.accountId ?? setup.defaultUser;
}

/**
 * Handles `/interaction/:uid` (GET), `/interaction/:uid/login`, `/confirm` and `/abort`
 * (POST). Returns false for other paths.
 */
export async function handleInteraction(
  setup: InteractionSetup,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<boolean> {
  const match = /^\/interaction\/([\w-]+)(?:\/(login|confirm|abort))?$/.exec(pathname);
  if (!match) return false;
  const uid = match[1]!;
  const action = match[2];
  const { provider } = setup;
  let details: Interaction;
  try {
    details = await provider.interactionDetails(req, res);
  } catch {
    sendHtml(
      res,
      400,
      messagePage(
        'Sign-in request expired',
        'This sign-in request has expired or was started in another browser. Start again from the application.',
        true,
      ),
    );
    return true;
  }
  const clientId = String(details.params.client_id);
  const clientName = setup.clientNames.get(clientId) ?? clientId;
  const base = `/interaction/${uid}`;

  if (!setup.interactive && action === undefined && req.method === 'GET') {
    const accountId = autoAccount(setup, details);
    const grantId = await grantFor(provider, details, accountId);
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
    return true;
  }

  if (action === undefined && req.method === 'GET') {
    if (details.prompt.name === 'login') {
      const hint = details.params.login_hint;
      sendHtml(
        res,
        200,
        loginPage({
          action: `${base}/login`,
          abortAction: `${base}/abort`,
          clientName,
          ...(typeof hint === 'string' ? { username: hint } : {}),
        }),
      );
    } else {
      const scope = typeof details.params.scope === 'string' ? details.params.scope : '';
      sendHtml(
        res,
        200,
        consentPage({
          action: `${base}/confirm`,
          abortAction: `${base}/abort`,
          clientName,
          accountId: details.session?.accountId ?? '',
          scopes: scope.split(' ').filter(Boolean),
        }),
      );
    }
    return true;
  }

  if (req.method !== 'POST') {
    res.writeHead(405, { allow: 'POST' }).end();
    return true;
  }
  const form = await readForm(req);
  if (action === 'login') {
    const username = form.get('username') ?? '';
    const user = checkPassword(setup.users, username, form.get('password') ?? '');
    if (!user) {
      sendHtml(
        res,
        401,
        loginPage({
          action: `${base}/login`,
          abortAction: `${base}/abort`,
          clientName,
          username,
          error: 'Unknown username or wrong password. Try again.',
        }),
      );
      return true;
    }
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: user.accountId } },
      { mergeWithLastSubmission: false },
    );
    return true;
  }
  if (action === 'confirm') {
    const accountId = details.session?.accountId;
    if (!accountId) {
      sendHtml(res, 400, messagePage('Not signed in', 'Sign in before giving consent.', true));
      return true;
    }
    const grantId = await grantFor(provider, details, accountId);
    await provider.interactionFinished(
      req,
      res,
      { consent: { grantId } },
      { mergeWithLastSubmission: true },
    );
    return true;
  }
  await provider.interactionFinished(
    req,
    res,
    { error: 'access_denied', error_description: 'End-User aborted interaction' },
    { mergeWithLastSubmission: false },
  );
  return true;
}
