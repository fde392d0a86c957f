/** A token as `refresh`, `login` and friends show it: every credential redacted. */
import type { TokenSet } from 'oauthkit/oauth2';
import { redact } from './redact.js';

export interface TokenView {
  access_token: string;
  token_type: string;
  expires_at?: number;
  expires_in?: number;
  scope?: string;
  refresh_token?: string;
  id_token?: string;
}

export function tokenView(token: TokenSet, nowMs = Date.now()): TokenView {
  const view: TokenView = {
    access_token: redact(token.access_token),
    token_type: token.token_type,
  };
  if (typeof token.expires_at === 'number') {
    view.expires_at = token.expires_at;
    view.expires_in = token.expires_at - Math.floor(nowMs / 1000);
  }
  if (token.scope !== undefined) view.scope = token.scope;
  if (token.refresh_token !== undefined) view.refresh_token = redact(token.refresh_token);
  if (token.id_token !== undefined) view.id_token = redact(token.id_token);
  return view;
}

export function tokenLines(view: TokenView): string[] {
  const lines = [`access_token   ${view.access_token} (${view.token_type})`];
  if (view.expires_at !== undefined) {
    lines.push(
      `expires        ${new Date(view.expires_at * 1000).toISOString()} (in ${view.expires_in} s)`,
    );
  }
  if (view.scope !== undefined) lines.push(`scope          ${view.scope}`);
  if (view.refresh_token !== undefined) lines.push(`refresh_token  ${view.refresh_token}`);
  if (view.id_token !== undefined) lines.push(`id_token       ${view.id_token}`);
  return lines;
}
