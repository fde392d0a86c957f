/** `oauthkit profiles show [name]`: secrets are shown as a presence marker only. */
import { checkProfileName, getProfile } from '../config.js';
import { formatView, viewProfile } from '../profile-view.js';
import type { CommandModule } from '../run.js';

export const run: CommandModule['run'] = async (ctx, args) => {
  const loaded = await ctx.config();
  const name = checkProfileName(typeof args[0] === 'string' ? args[0] : await ctx.profileName());
  const view = viewProfile(name, getProfile(loaded, name), name === loaded.config.defaultProfile);
  if (ctx.json) {
    ctx.out.printJson({ configPath: loaded.path, profile: view });
    return;
  }
  ctx.out.print(`${ctx.out.out.bold(name)}${view.default ? ' (default)' : ''}`);
  for (const line of formatView(view)) ctx.out.print(line);
};
