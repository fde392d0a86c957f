/** How profiles are shown: secrets never in full, not even a prefix (a presence marker and the length). */
import type { Profile } from './config.js';

export function hideSecret(value: string): string {
  return `[set, ${value.length} chars]`;
}

export type ProfileView = { name: string; default: boolean } & Record<string, unknown>;

export function viewProfile(name: string, profile: Profile, isDefault: boolean): ProfileView {
  const { clientSecret, oauth1, ...rest } = profile;
  const view: ProfileView = { name, default: isDefault, ...rest };
  if (clientSecret !== undefined) view.clientSecret = hideSecret(clientSecret);
  if (oauth1 !== undefined) {
    const { consumerSecret, ...o } = oauth1;
    view.oauth1 =
      consumerSecret === undefined ? o : { ...o, consumerSecret: hideSecret(consumerSecret) };
  }
  return view;
}

/** `key  value` lines, nested objects flattened with dots. */
export function formatView(view: Record<string, unknown>, prefix = ''): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(view)) {
    if (key === 'name' || key === 'default') continue;
    if (typeof value === 'object' && value !== null)
      lines.push(...formatView(value as Record<string, unknown>, `${prefix}${key}.`));
    else lines.push(`  ${`${prefix}${key}`.padEnd(30)} ${String(value)}`);
  }
  return lines;
}
