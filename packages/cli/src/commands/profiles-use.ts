/** `oauthkit profiles use <name>`: make it the default. */
import { checkProfileName, getProfile, saveConfig } from '../config.js';
import type { CommandModule } from '../run.js';

export const run: CommandModule['run'] = async (ctx, args) => {
  const loaded = await ctx.config();
  const name = checkProfileName(String(args[0]));
  getProfile(loaded, name);
  await saveConfig(loaded.path, { ...loaded.config, defaultProfile: name });
  if (ctx.json) ctx.out.printJson({ configPath: loaded.path, defaultProfile: name });
  else ctx.out.print(`Default profile is now ${name}`);
};
