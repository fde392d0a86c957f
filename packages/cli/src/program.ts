/**
 * The command tree: every command, its options, its help text and examples. Nothing here
 * imports a command's implementation: each action loads its module on demand (see
 * run.ts), so `oauthkit --version` and `oauthkit token` pay only for what they use.
 */
import { Command, Option } from 'commander';
import { AUTH_METHODS, OAUTH1_SIGNATURE_METHODS } from './config.js';
import { DEFAULT_MIN_TTL, DEFAULT_TIMEOUT } from './defaults.js';
import type { CommandName } from './run.js';

type Action = (name: CommandName, command: Command) => Promise<void>;

function examples(lines: readonly string[]): string {
  return `\nExamples:\n${lines.map((l) => (l.startsWith('#') ? `  ${l}` : `  $ ${l}`)).join('\n')}\n`;
}

export function buildProgram(version: string, action: Action): Command {
  const program = new Command('oauthkit');
  program
    .description(
      'curl for OAuth: log in, get and refresh tokens, sign requests, test against a local provider.',
    )
    .version(version, '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'show help for a command')
    .helpCommand('help [command]', 'show help for a command')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .option('--json', 'print one JSON object on stdout (shapes in the README)')
    .option('--verbose', 'print each HTTP exchange to stderr, secrets redacted')
    .option(
      '--profile <name>',
      'profile to use (default: $OAUTHKIT_PROFILE, the config default, or "default")',
    )
    .option(
      '--config <file>',
      'config file (default: $OAUTHKIT_CONFIG or $XDG_CONFIG_HOME/oauthkit/config.json)',
    )
    .option('--no-color', 'no colours (also when NO_COLOR is set or output is not a terminal)')
    .option(
      '--timeout <duration>',
      'timeout per HTTP request: seconds, or 500ms, 30s, 2m',
      DEFAULT_TIMEOUT,
    )
    .addHelpText(
      'after',
      examples([
        'oauthkit demo                       # see a full OAuth flow against a local provider',
        'oauthkit profiles add google --issuer https://accounts.google.com --client-id ID',
        'oauthkit login --profile google',
        'curl -H "Authorization: Bearer $(oauthkit token)" https://api.example.com/me',
        '# Exit codes: 0 ok, 1 error, 2 usage, 3 provider refused, 4 network/timeout, 5 config, 130 interrupted',
      ]),
    );

  const on =
    (name: CommandName) =>
    async (...args: unknown[]) => {
      await action(name, args.at(-1) as Command);
    };

  program
    .command('demo')
    .description(
      'start the embedded dev provider and walk a full authorization code + PKCE flow, step by step',
    )
    .option('--port <port>', 'port for the dev provider on 127.0.0.1 (default: a random free port)')
    .option('--no-refresh', 'skip the refresh and revocation steps')
    .addHelpText(
      'after',
      examples([
        'oauthkit demo',
        'oauthkit demo --verbose            # also show every HTTP request and response (redacted)',
        "oauthkit demo --json | jq '.steps[].name'",
      ]),
    )
    .action(on('demo'));

  program
    .command('login')
    .description(
      'log in with authorization code + PKCE (loopback redirect, RFC 8252) or the device flow, and store the token',
    )
    .option('--no-browser', 'print the authorization URL instead of opening a browser')
    .option('--device', 'use the device authorization grant (RFC 8628): shows a code and a QR code')
    .option('--no-qr', 'with --device, do not draw the QR code')
    .option(
      '--port <port>',
      'loopback redirect port on 127.0.0.1 (default: random; the profile redirectUri wins)',
    )
    .option('--scope <scopes>', 'scopes to request, space-separated (default: the profile scope)')
    .option('--prompt <prompt>', 'OIDC prompt parameter: none, login, consent, select_account')
    .option('--login-hint <hint>', 'login_hint sent to the provider')
    .option('--wait <duration>', 'how long to wait for the browser or device approval', '5m')
    .option(
      '--client-secret <secret>',
      'client secret (prefer $OAUTHKIT_CLIENT_SECRET: flags land in shell history)',
    )
    .option('--client-secret-stdin', 'read the client secret from the first line of stdin')
    .addHelpText(
      'after',
      examples([
        'oauthkit login --profile google',
        'oauthkit login --no-browser        # print the URL, e.g. on a remote machine over ssh',
        'oauthkit login --device --profile github',
        'OAUTHKIT_CLIENT_SECRET=... oauthkit login --scope "openid email"',
      ]),
    )
    .action(on('login'));

  program
    .command('token')
    .description(
      'print a fresh access token (refreshing it first when needed) and nothing else on stdout',
    )
    .option(
      '--min-ttl <duration>',
      'refresh when the token expires within this time',
      DEFAULT_MIN_TTL,
    )
    .option('--no-refresh', 'print the cached token as it is, even if it is about to expire')
    .addHelpText(
      'after',
      examples([
        'curl -H "Authorization: Bearer $(oauthkit token)" https://api.example.com/me',
        'oauthkit token --profile github',
        'oauthkit token --json              # {"access_token":..., "expires_at":..., ...}',
      ]),
    )
    .action(on('token'));

  program
    .command('header')
    .description('print the Authorization header for the current token (Bearer or DPoP)')
    .option('--value-only', 'print only the header value, without "Authorization: "')
    .addHelpText(
      'after',
      examples([
        'curl -H "$(oauthkit header)" https://api.example.com/me',
        'oauthkit header --value-only --profile work',
      ]),
    )
    .action(on('header'));

  program
    .command('request')
    .description(
      "send an HTTP request signed with the profile's OAuth 2 token or OAuth 1 credentials (curl-like)",
    )
    .argument(
      '<method-or-url>',
      'HTTP method followed by the URL, or just the URL (GET, or POST with --data)',
    )
    .argument('[url]', 'URL to call, when a method comes first')
    .option('-X, --method <method>', 'HTTP method (alternative to the positional one)')
    .option('-H, --header <header...>', 'extra request header, "Name: value" (repeatable)')
    .option('-d, --data <body>', 'request body; @file reads a file, @- reads stdin')
    .option(
      '--form <field...>',
      'form field name=value (sent as application/x-www-form-urlencoded, signed under OAuth 1)',
    )
    .option('-i, --include', 'print the response status and headers before the body')
    .addOption(
      new Option('--auth <kind>', 'which credentials sign the request')
        .choices(['auto', 'oauth1', 'oauth2'])
        .default('auto'),
    )
    .addHelpText(
      'after',
      examples([
        'oauthkit request https://api.example.com/me',
        'oauthkit request POST https://api.example.com/items -d \'{"name":"x"}\' -H "Content-Type: application/json"',
        'oauthkit request --profile x1 POST https://api.x.com/1.1/statuses/update.json --form status=hello',
        'oauthkit request -i --json https://openidconnect.googleapis.com/v1/userinfo',
      ]),
    )
    .action(on('request'));

  program
    .command('refresh')
    .description('refresh the stored token now (refresh_token grant) and store the new one')
    .addHelpText(
      'after',
      examples(['oauthkit refresh', 'oauthkit refresh --profile google --json']),
    )
    .action(on('refresh'));

  program
    .command('revoke')
    .description('revoke the stored token at the provider (RFC 7009)')
    .addOption(
      new Option('--token <which>', 'which token to revoke')
        .choices(['access', 'refresh', 'both'])
        .default('both'),
    )
    .option('--keep', 'keep the token in the local store after revoking it')
    .addHelpText(
      'after',
      examples(['oauthkit revoke', 'oauthkit revoke --token refresh --profile github']),
    )
    .action(on('revoke'));

  program
    .command('introspect')
    .description('ask the provider about a token (RFC 7662): active, scope, client, expiry')
    .argument(
      '[token]',
      'token to introspect, or - to read it from stdin (default: the stored access token)',
    )
    .addOption(
      new Option('--token-type-hint <hint>', 'token_type_hint sent').choices([
        'access_token',
        'refresh_token',
      ]),
    )
    .addHelpText(
      'after',
      examples([
        'oauthkit introspect',
        'oauthkit introspect --token-type-hint refresh_token --json',
        'pbpaste | oauthkit introspect -',
      ]),
    )
    .action(on('introspect'));

  program
    .command('decode')
    .description(
      'show a JWT header and claims; UNVERIFIED unless --verify checks it against the issuer JWKS',
    )
    .argument('<jwt>', 'the JWT, or - to read it from stdin')
    .option(
      '--verify',
      "verify the signature with the issuer's JWKS (needs --issuer or a profile issuer)",
    )
    .option(
      '--issuer <url>',
      'issuer whose discovery document and JWKS to use (also checks the iss claim)',
    )
    .option('--audience <aud>', 'with --verify, also require this aud claim')
    .option('--clock-tolerance <duration>', 'with --verify, allowed clock skew for exp/nbf', '0s')
    .addHelpText(
      'after',
      examples([
        'oauthkit decode eyJhbGciOi...',
        'oauthkit token --json | jq -r .id_token | oauthkit decode -',
        'oauthkit decode --verify --issuer https://accounts.google.com "$ID_TOKEN"',
      ]),
    )
    .action(on('decode'));

  program
    .command('discover')
    .description(
      'fetch and show an issuer discovery document (OpenID Connect Discovery / RFC 8414)',
    )
    .argument('[issuer]', 'issuer URL (default: the profile issuer)')
    .addHelpText(
      'after',
      examples([
        'oauthkit discover https://accounts.google.com',
        'oauthkit discover --json | jq .token_endpoint',
      ]),
    )
    .action(on('discover'));

  program
    .command('logout')
    .description(
      'forget the stored token (revoking it first) and optionally end the provider session',
    )
    .option('--no-revoke', 'do not revoke at the provider, only delete the local token')
    .option('--end-session', "open the provider's end_session_endpoint (OIDC RP-Initiated Logout)")
    .option('--no-browser', 'with --end-session, print the URL instead of opening it')
    .addHelpText(
      'after',
      examples(['oauthkit logout', 'oauthkit logout --profile google --end-session']),
    )
    .action(on('logout'));

  const profiles = program
    .command('profiles')
    .description('manage profiles in the config file (provider endpoints, client id, scopes, ...)')
    .addHelpText(
      'after',
      examples([
        'oauthkit profiles list',
        'oauthkit profiles add google --issuer https://accounts.google.com --client-id ID --scope "openid email"',
        'oauthkit profiles show google --json',
        'oauthkit profiles remove google',
      ]),
    );
  profiles
    .command('list')
    .description('list profiles (the default is marked)')
    .addHelpText(
      'after',
      examples([
        'oauthkit profiles list',
        'oauthkit profiles list --json | jq -r ".profiles[].name"',
      ]),
    )
    .action(on('profiles list'));
  profiles
    .command('show')
    .description('show one profile, secrets redacted')
    .argument('[name]', 'profile name (default: the current profile)')
    .addHelpText(
      'after',
      examples(['oauthkit profiles show google', 'oauthkit profiles show --json']),
    )
    .action(on('profiles show'));
  profiles
    .command('add')
    .description('add or replace a profile')
    .argument('<name>', 'profile name: letters, digits, ".", "_", "-"')
    .option('--issuer <url>', 'OpenID Connect / RFC 8414 issuer (endpoints found by discovery)')
    .option('--authorization-endpoint <url>', 'authorization endpoint (when there is no discovery)')
    .option('--token-endpoint <url>', 'token endpoint')
    .option('--revocation-endpoint <url>', 'revocation endpoint (RFC 7009)')
    .option('--introspection-endpoint <url>', 'introspection endpoint (RFC 7662)')
    .option('--device-authorization-endpoint <url>', 'device authorization endpoint (RFC 8628)')
    .option('--userinfo-endpoint <url>', 'userinfo endpoint')
    .option('--end-session-endpoint <url>', 'end session endpoint (RP-Initiated Logout)')
    .option('--client-id <id>', 'OAuth 2 client id')
    .option(
      '--client-secret <secret>',
      'client secret (prefer $OAUTHKIT_CLIENT_SECRET or --client-secret-stdin)',
    )
    .option('--client-secret-stdin', 'read the client secret from the first line of stdin')
    .option('--ask-client-secret', 'ask for the client secret on the terminal (hidden input)')
    .addOption(
      new Option('--auth-method <method>', 'token endpoint client authentication').choices(
        AUTH_METHODS,
      ),
    )
    .option('--private-key-file <path>', 'private key (PEM or JWK) for private_key_jwt')
    .option('--scope <scopes>', 'default scopes, space-separated')
    .option('--redirect-uri <uri>', 'fixed redirect URI (default: loopback with a random port)')
    .option(
      '--oauth1-request-token-url <url>',
      'OAuth 1.0a temporary credentials (request token) URL',
    )
    .option('--oauth1-authorize-url <url>', 'OAuth 1.0a resource owner authorization URL')
    .option('--oauth1-access-token-url <url>', 'OAuth 1.0a token credentials (access token) URL')
    .option('--oauth1-consumer-key <key>', 'OAuth 1.0a consumer key')
    .option(
      '--oauth1-consumer-secret-stdin',
      'read the OAuth 1.0a consumer secret from stdin ($OAUTHKIT_CONSUMER_SECRET also works)',
    )
    .addOption(
      new Option('--oauth1-signature-method <method>', 'OAuth 1.0a signature method').choices(
        OAUTH1_SIGNATURE_METHODS,
      ),
    )
    .option('--oauth1-rsa-key-file <path>', 'PEM private key for RSA-* signature methods')
    .option('--default', 'make this the default profile')
    .option('--force', 'replace an existing profile of the same name')
    .addHelpText(
      'after',
      examples([
        'oauthkit profiles add google --issuer https://accounts.google.com --client-id ID --ask-client-secret',
        'OAUTHKIT_CLIENT_SECRET=s3cret oauthkit profiles add work --issuer https://login.example.com --client-id cli --default',
        'oauthkit profiles add gh --authorization-endpoint https://github.com/login/oauth/authorize \\',
        '    --token-endpoint https://github.com/login/oauth/access_token --client-id ID --auth-method client_secret_post',
        'oauthkit profiles add x1 --oauth1-request-token-url https://api.x.com/oauth/request_token \\',
        '    --oauth1-authorize-url https://api.x.com/oauth/authorize --oauth1-access-token-url https://api.x.com/oauth/access_token \\',
        '    --oauth1-consumer-key KEY --oauth1-consumer-secret-stdin < consumer-secret.txt',
      ]),
    )
    .action(on('profiles add'));
  profiles
    .command('remove')
    .alias('rm')
    .description('remove a profile from the config file')
    .argument('<name>', 'profile name')
    .addHelpText('after', examples(['oauthkit profiles remove google']))
    .action(on('profiles remove'));
  profiles
    .command('use')
    .description('make a profile the default')
    .argument('<name>', 'profile name')
    .addHelpText('after', examples(['oauthkit profiles use work']))
    .action(on('profiles use'));

  const oauth1 = program
    .command('oauth1')
    .description('OAuth 1.0a (RFC 5849): three-legged login')
    .addHelpText('after', examples(['oauthkit oauth1 login --profile x1 --pin']));
  oauth1
    .command('login')
    .description(
      'three-legged OAuth 1.0a login with a PIN (oob) or a loopback callback; stores the token credentials',
    )
    .option('--pin', 'out-of-band: the provider shows a PIN that you type in (oauth_callback=oob)')
    .option('--port <port>', 'loopback callback port on 127.0.0.1 (default: random)')
    .option('--no-browser', 'print the authorization URL instead of opening a browser')
    .option('--wait <duration>', 'how long to wait for the callback or the PIN', '5m')
    .option(
      '--consumer-secret-stdin',
      'read the consumer secret from stdin ($OAUTHKIT_CONSUMER_SECRET also works)',
    )
    .addHelpText(
      'after',
      examples([
        'oauthkit oauth1 login --profile x1',
        'oauthkit oauth1 login --profile x1 --pin --no-browser',
        'OAUTHKIT_CONSUMER_SECRET=... oauthkit oauth1 login --profile trello',
      ]),
    )
    .action(on('oauth1 login'));

  program
    .command('dev-server')
    .description(
      'run the embedded dev provider (OAuth 2, OIDC, OAuth 1.0a) on 127.0.0.1 until Ctrl-C',
    )
    .option('--port <port>', 'port on 127.0.0.1 (default: 9090; 0 picks a free one)')
    // The global --config is the CLI's own config file; the provider's has its own flag.
    .option('--provider-config <file>', 'JSON file with users, clients, scopes and token lifetimes')
    .option('--interactive', 'show a real login and consent page instead of auto-approving')
    .addHelpText(
      'after',
      examples([
        'oauthkit dev-server',
        'oauthkit dev-server --port 0 --interactive --json   # prints {"issuer":..., "clients":[...]} then serves',
        'oauthkit dev-server --provider-config ./dev-provider.json',
      ]),
    )
    .action(on('dev-server'));

  program
    .command('completion')
    .description('print a shell completion script')
    .addArgument(
      program.createArgument('<shell>', 'bash, zsh or fish').choices(['bash', 'zsh', 'fish']),
    )
    .addHelpText(
      'after',
      examples([
        'oauthkit completion bash > ~/.local/share/bash-completion/completions/oauthkit',
        'oauthkit completion zsh > ~/.zfunc/_oauthkit   # with fpath+=(~/.zfunc) in .zshrc',
        'oauthkit completion fish > ~/.config/fish/completions/oauthkit.fish',
      ]),
    )
    .action(on('completion'));

  return program;
}
