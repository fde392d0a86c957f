/** `oauthkit profiles list` */

import { viewProfile } from '../profile-view.js';
import type { CommandModule } from '../run.js';

export const run: CommandModule['run'] = async (ctx) => {
  const { config, path } = await ctx.config();
  const current = await ctx.profileName();
  const views = Object.entries(config.profiles).map(([name, p]) =>
    viewProfile(name, p, name === config.defaultProfile),
  );
  if (ctx.json) {
    ctx.out.printJson({
      configPath: path,
      defaultProfile: config.defaultProfile ?? null,
      profiles: views,
    });
    return;
  }
  if (views.length === 0) {
    ctx.out.note(
      `No profiles in ${path}. Add one with: oauthkit profiles add NAME --issuer URL --client-id ID`,
    );
    return;
  }
  const width = Math.max(...views.map((v) => v.name.length));
  for (const v of views) {
    const where = String(
      v.issuer ??
        v.tokenEndpoint ??
        (v.oauth1 as { requestTokenUrl?: string } | undefined)?.requestTokenUrl ??
        '',
    );
    const mark = v.name === current ? ctx.out.out.green('*') : ' ';
    ctx.out.print(
      `${mark} ${ctx.out.out.bold(v.name.padEnd(width))}  ${where}  ${String(v.clientId ?? '')}`.trimEnd(),
    );
  }
};
