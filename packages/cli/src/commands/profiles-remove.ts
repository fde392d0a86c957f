/** `oauthkit profiles remove <name>` */
import { checkProfileName, getProfile, saveConfig } from '../config.js';
import type { CommandModule } from '../run.js';

export const run: CommandModule['run'] = async (ctx, args) => {
  const loaded = await ctx.config();
  const name = checkProfileName(String(args[0]));
  getProfile(loaded, name); // throws ERR_PROFILE_NOT_FOUND with the list of names
  const { [name]: _removed, ...profiles } = loaded.config.profiles;
  const config = { ...loaded.config, profiles };
  if (config.defaultProfile === name) delete config.defaultProfile;
  await saveConfig(loaded.path, config);
  // The profile's token goes with it (deleted locally, not revoked: `oauthkit logout` revokes).
  const { openStore, storeKeyFor } = await import('../session.js');
  await (await openStore(ctx)).delete(storeKeyFor(name));
  if (ctx.json) {
    ctx.out.printJson({
      configPath: loaded.path,
      removed: name,
      tokenDeleted: true,
      defaultProfile: config.defaultProfile ?? null,
    });
  } else {
    ctx.out.print(
      `Removed profile ${name} from ${loaded.path} and deleted its stored token (not revoked; run oauthkit logout first to revoke it at the provider).`,
    );
  }
};
