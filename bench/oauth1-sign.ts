/**
 * Authorization-header signing, HMAC-SHA1, for a typical POST with query and form
 * parameters: oauthkit (node:crypto, and WebCrypto only) against `oauth-1.0a` and `oauth`
 * (node-oauth), in the same run. Each signs the same request with the same credentials;
 * a check first makes all of them produce the same signature for a fixed nonce and time.
 *
 *   node --import tsx bench/oauth1-sign.ts          (or `npm run bench`)
 */
import { createHmac } from 'node:crypto';
import { OAuth } from 'oauth';
import OAuth1a from 'oauth-1.0a';
import { OAuth1Auth } from 'oauthkit/oauth1';

const URL_ = 'https://api.x.com/1.1/statuses/update.json?include_entities=true&trim_user=1';
const FORM = {
  status: 'Hello Ladies + Gentlemen, a signed OAuth request!',
  lat: '37.7821120598956',
  long: '-122.400612831116',
  display_coordinates: 'true',
};
const CONSUMER = {
  key: 'xvz1evFS4wEEPTGEFPHBog',
  secret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
};
const TOKEN = {
  key: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
  secret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
};

const credentials = {
  clientId: CONSUMER.key,
  clientSecret: CONSUMER.secret,
  token: TOKEN.key,
  tokenSecret: TOKEN.secret,
};
const oauthkitNode = new OAuth1Auth(credentials);
const oauthkitWeb = new OAuth1Auth({ ...credentials, useNodeCrypto: false });

// oauth-1.0a as its README sets it up on Node.
const oauth1a = new OAuth1a({
  consumer: CONSUMER,
  signature_method: 'HMAC-SHA1',
  hash_function: (base, key) => createHmac('sha1', key).update(base).digest('base64'),
});
// node-oauth: the path its post() takes to build the header.
const nodeOAuth = new OAuth(null, null, CONSUMER.key, CONSUMER.secret, '1.0', null, 'HMAC-SHA1');

type Signer = () => string | Promise<string>;
const signers: Record<string, Signer> = {
  'oauthkit (node:crypto)': () => oauthkitNode.authorizationHeader('POST', URL_, FORM),
  'oauthkit (WebCrypto only)': () => oauthkitWeb.authorizationHeader('POST', URL_, FORM),
  'oauth-1.0a': () =>
    oauth1a.toHeader(oauth1a.authorize({ url: URL_, method: 'POST', data: FORM }, TOKEN))
      .Authorization,
  oauth: () =>
    nodeOAuth._buildAuthorizationHeaders(
      nodeOAuth._prepareParameters(TOKEN.key, TOKEN.secret, 'POST', URL_, FORM),
    ),
};

/** All four must sign the request identically, or the comparison means nothing. */
async function checkSameSignature(): Promise<void> {
  const nonce = 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg';
  const now = 1318622958;
  const fixed = { ...credentials, nonce: () => nonce, now: () => now * 1000 };
  const sig = (header: string) => /oauth_signature="([^"]+)"/.exec(header)?.[1];
  const ours = sig(await new OAuth1Auth(fixed).authorizationHeader('POST', URL_, FORM));
  const web = sig(
    await new OAuth1Auth({ ...fixed, useNodeCrypto: false }).authorizationHeader(
      'POST',
      URL_,
      FORM,
    ),
  );
  const a = Object.assign(Object.create(oauth1a), {
    getNonce: () => nonce,
    getTimeStamp: () => now,
  }) as typeof oauth1a;
  const theirs1a = sig(
    a.toHeader(a.authorize({ url: URL_, method: 'POST', data: FORM }, TOKEN)).Authorization,
  );
  const b = Object.assign(Object.create(nodeOAuth), {
    _getNonce: () => nonce,
    _getTimestamp: () => now,
  }) as OAuth;
  const theirsNode = sig(
    b._buildAuthorizationHeaders(b._prepareParameters(TOKEN.key, TOKEN.secret, 'POST', URL_, FORM)),
  );
  const all = [ours, web, theirs1a, theirsNode];
  if (!ours || all.some((s) => s !== ours)) {
    throw new Error(`the libraries disagree on the signature: ${all.join(' ')}`);
  }
  console.log(
    `same signature from all four for a fixed nonce and time: ${decodeURIComponent(ours)}`,
  );
}

/** Signs `n` times sequentially (awaiting each, as a caller would); returns µs per op. */
async function timeOne(sign: Signer, n: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < n; i++) await sign();
  return ((performance.now() - start) * 1000) / n;
}

export async function run(): Promise<void> {
  await checkSameSignature();
  const names = Object.keys(signers);
  for (const name of names) await timeOne(signers[name]!, 5000); // warm up
  // Many short interleaved rounds: on a shared machine the best round is the one least
  // disturbed by other processes, the median the typical one; both are reported.
  const rounds = 30;
  const results: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    // rotate the order so no library always runs first or last
    for (const name of [...names.slice(r % names.length), ...names.slice(0, r % names.length)]) {
      results[name]!.push(await timeOne(signers[name]!, 2000));
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const table = names.map((name) => ({
    name,
    median: median(results[name]!),
    best: Math.min(...results[name]!),
  }));
  const peers = table.filter((t) => !t.name.startsWith('oauthkit'));
  const peerMedian = Math.min(...peers.map((t) => t.median));
  const peerBest = Math.min(...peers.map((t) => t.best));
  const ops = (us: number) =>
    Math.round(1e6 / us)
      .toLocaleString('en')
      .padStart(9);
  console.log(
    `\nHMAC-SHA1 Authorization header, POST with 2 query + 4 form parameters, Node ${process.version}, ${rounds} rounds of 2000:`,
  );
  console.log(
    `  ${''.padEnd(26)} ${'median ops/s'.padStart(13)} ${'vs peer'.padStart(8)} ${'best ops/s'.padStart(11)} ${'vs peer'.padStart(8)}`,
  );
  for (const t of table) {
    console.log(
      `  ${t.name.padEnd(26)} ${ops(t.median).padStart(13)} ${`${(peerMedian / t.median).toFixed(2)}x`.padStart(8)} ${ops(t.best).padStart(11)} ${`${(peerBest / t.best).toFixed(2)}x`.padStart(8)}`,
    );
  }
  console.log('  ("vs peer": throughput relative to the faster of oauth-1.0a and oauth)');
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
