/**
 * oidc-provider configuration: every feature the dev server offers, with each default
 * function that oidc-provider would otherwise announce on stdout ("you SHOULD change it")
 * replaced, so that the CLI's output stays clean.
 */
import type Provider from 'oidc-provider';
import type { KoaContext, UnknownObject } from 'oidc-provider';
import { createMemoryAdapter } from './adapter.js';
import { attributeOf, escapeHtml, messagePage, page } from './html.js';
import type { DevTokenTtl, Jwk, ResolvedClient, ResolvedUser } from './options.js';

const STANDARD_CLAIMS: Record<string, string[]> = {
  openid: ['sub'],
  profile: [
    'name',
    'family_name',
    'given_name',
    'middle_name',
    'nickname',
    'preferred_username',
    'profile',
    'picture',
    'website',
    'gender',
    'birthdate',
    'zoneinfo',
    'locale',
    'updated_at',
  ],
  email: ['email', 'email_verified'],
  address: ['address'],
  phone: ['phone_number', 'phone_number_verified'],
};

/** Claim names per scope; claims of users that no standard scope names go under `profile`. */
function claimsByScope(users: readonly ResolvedUser[]): Record<string, string[]> {
  const known = new Set(Object.values(STANDARD_CLAIMS).flat());
  const extra = new Set<string>();
  for (const user of users) {
    for (const name of Object.keys(user.claims))
      if (!known.has(name) && name !== 'sub') extra.add(name);
  }
  return { ...STANDARD_CLAIMS, profile: [...STANDARD_CLAIMS.profile!, ...extra] };
}

export interface ProviderSetup {
  users: ReadonlyMap<string, ResolvedUser>;
  clients: readonly ResolvedClient[];
  scopes: readonly string[];
  ttl: DevTokenTtl;
  jwks: { keys: Jwk[] };
  requireOfflineAccess: boolean;
}

function setHtml(ctx: KoaContext, html: string): void {
  ctx.type = 'html';
  ctx.body = html;
}

function clientLabel(ctx: KoaContext): string {
  const client = ctx.oidc.client;
  return client?.clientName ?? client?.clientId ?? 'the application';
}

export function providerConfiguration(setup: ProviderSetup): UnknownObject {
  const { users, ttl } = setup;
  const claims = claimsByScope([...users.values()]);
  return {
    adapter: createMemoryAdapter(),
    clients: setup.clients.map((c) => c.metadata),
    jwks: setup.jwks,
    scopes: [
      'openid',
      'offline_access',
      ...Object.keys(claims).filter((s) => s !== 'openid'),
      ...setup.scopes,
    ],
    claims,
    responseTypes: ['code', 'none'],
    async findAccount(_ctx: KoaContext, sub: string) {
      const user = users.get(sub);
      if (!user) return undefined;
      return { accountId: sub, claims: () => ({ ...user.claims, sub }) };
    },
    interactions: {
      url: (_ctx: KoaContext, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    // Numbers, not functions: oidc-provider's default TTL functions print a notice.
    ttl: {
      AccessToken: ttl.accessToken ?? 3600,
      ClientCredentials: ttl.clientCredentials ?? ttl.accessToken ?? 600,
      AuthorizationCode: ttl.authorizationCode ?? 60,
      IdToken: ttl.idToken ?? 3600,
      RefreshToken: ttl.refreshToken ?? 14 * 24 * 3600,
      DeviceCode: ttl.deviceCode ?? 600,
      Interaction: 3600,
      Session: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
      BackchannelAuthenticationRequest: 600,
      PreAuthorizedCode: 600,
    },
    rotateRefreshToken: true,
    issueRefreshToken: (
      _ctx: KoaContext,
      client: { grantTypeAllowed(type: string): boolean },
      code: { scopes: Set<string> },
    ) =>
      client.grantTypeAllowed('refresh_token') &&
      (!setup.requireOfflineAccess || code.scopes.has('offline_access')),
    // A local dev server with test data: any origin may call it from a browser.
    clientBasedCORS: () => true,
    renderError(ctx: KoaContext, out: Record<string, string>) {
      const lines = Object.entries(out)
        .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`)
        .join('');
      setHtml(ctx, page('Something went wrong', `<dl>${lines}</dl>`));
    },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: { enabled: false },
      clientCredentials: { enabled: true },
      userinfo: { enabled: true },
      pushedAuthorizationRequests: { enabled: true },
      dPoP: { enabled: true },
      introspection: {
        enabled: true,
        allowedPolicy: (
          _ctx: KoaContext,
          client: { clientId: string; clientAuthMethod: string },
          token: { clientId?: string },
        ) => client.clientAuthMethod !== 'none' || token.clientId === client.clientId,
      },
      revocation: {
        enabled: true,
        allowedPolicy: (
          _ctx: KoaContext,
          client: { clientId: string },
          token: { clientId?: string },
        ) => token.clientId === client.clientId,
      },
      deviceFlow: {
        enabled: true,
        userCodeInputSource(ctx: KoaContext, form: string, _out: unknown, err: unknown) {
          const action = attributeOf(form, /action="([^"]*)"/);
          const xsrf = attributeOf(form, /name="xsrf" value="([^"]*)"/);
          const error = err
            ? '<p class="error" role="alert">That code is not valid or has expired. Check it and try again.</p>'
            : '';
          setHtml(
            ctx,
            page(
              'Connect a device',
              `${error}<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="xsrf" value="${escapeHtml(xsrf)}">
<label for="user_code">Code shown on your device</label>
<input id="user_code" name="user_code" type="text" autocomplete="off" autocapitalize="characters" required autofocus>
<div class="actions"><button type="submit">Continue</button></div>
</form>`,
            ),
          );
        },
        userCodeConfirmSource(
          ctx: KoaContext,
          form: string,
          _client: unknown,
          _deviceInfo: unknown,
          userCode: string,
        ) {
          setHtml(
            ctx,
            page(
              'Confirm the device',
              `<p><strong>${escapeHtml(clientLabel(ctx))}</strong> wants to sign in on a device showing this code:</p>
<p><code class="big">${escapeHtml(userCode)}</code></p>
${form}
<div class="actions">
<button type="submit" form="op.deviceConfirmForm">Continue</button>
<button type="submit" form="op.deviceConfirmForm" name="abort" value="yes" class="secondary">Cancel</button>
</div>`,
            ),
          );
        },
        successSource(ctx: KoaContext) {
          setHtml(
            ctx,
            messagePage(
              'Device connected',
              `You are signed in to ${clientLabel(ctx)}. You can close this page.`,
            ),
          );
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource(ctx: KoaContext, form: string) {
          setHtml(
            ctx,
            page(
              'Sign out?',
              `<p>Do you want to sign out of the oauthkit dev provider?</p>
${form}
<div class="actions">
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Yes, sign me out</button>
<button type="submit" form="op.logoutForm" class="secondary">No, stay signed in</button>
</div>`,
            ),
          );
        },
        postLogoutSuccessSource(ctx: KoaContext) {
          setHtml(
            ctx,
            messagePage('Signed out', 'You are signed out of the oauthkit dev provider.'),
          );
        },
      },
    },
  };
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The URI without its port when it is an `http:` loopback URI, else undefined. */
function withoutLoopbackPort(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname)) return undefined;
  url.port = '';
  return url.href;
}

/**
 * RFC 8252 §7.3: a loopback redirect URI matches on any port. oidc-provider does this for
 * `native` clients only; the dev server does it for every client (a confidential CLI or a
 * test harness on a random port is the common case here), through `Client#redirectUriAllowed`,
 * the method oidc-provider consults for every redirect_uri and post_logout_redirect_uri check.
 */
export function allowLoopbackOnAnyPort(provider: Provider): void {
  const proto = provider.Client.prototype;
  const { redirectUriAllowed, postLogoutRedirectUriAllowed } = proto;
  const matches = (value: string, allowed: readonly string[] | undefined) => {
    const stripped = withoutLoopbackPort(value);
    return (
      stripped !== undefined && (allowed ?? []).some((a) => withoutLoopbackPort(a) === stripped)
    );
  };
  proto.redirectUriAllowed = function (this: typeof proto, value: string) {
    return redirectUriAllowed.call(this, value) || matches(value, this.redirectUris);
  };
  proto.postLogoutRedirectUriAllowed = function (this: typeof proto, value: string) {
    return (
      postLogoutRedirectUriAllowed.call(this, value) || matches(value, this.postLogoutRedirectUris)
    );
  };
}
