/**
 * The hidden prompt needs a real terminal: the CLI runs under a pseudo-terminal made by
 * Python's pty module (Debian's python3), which types the secret when asked.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BIN, baseEnv, tempHome } from './helpers/cli.js';

const PYTHON = '/usr/bin/python3';
const SECRET = 'typed-canary-secret-42';

// Runs argv in a pty; when the output shows `expect`, types `answer` + Enter; returns all output.
const DRIVER = `
import os, pty, sys, select
argv, expect, answer = sys.argv[1:-2], sys.argv[-2].encode(), sys.argv[-1].encode()
pid, fd = pty.fork()
if pid == 0:
    os.execv(argv[0], argv)
out, sent = b'', False
while True:
    r, _, _ = select.select([fd], [], [], 10)
    if not r:
        break
    try:
        data = os.read(fd, 1024)
    except OSError:
        break
    if not data:
        break
    out += data
    if not sent and expect in out:
        os.write(fd, answer + b'\\r')
        sent = True
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode('utf8', 'replace'))
sys.exit(os.waitstatus_to_exitcode(status))
`;

test('--ask-client-secret reads the secret from the terminal without echoing it', {
  skip: !existsSync(PYTHON) && 'needs python3 for a pty',
}, () => {
  const home = tempHome();
  const config = join(home, 'c.json');
  const r = spawnSync(
    PYTHON,
    [
      '-c',
      DRIVER,
      process.execPath,
      BIN,
      'profiles',
      'add',
      'p',
      '--issuer',
      'https://id.example.com',
      '--client-id',
      'x',
      '--ask-client-secret',
      'Client secret: ',
      SECRET,
    ],
    { env: { ...baseEnv(home), OAUTHKIT_CONFIG: config }, encoding: 'utf8', timeout: 20_000 },
  );
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Client secret: /);
  assert.ok(!r.stdout.includes(SECRET), 'the secret is not echoed');
  assert.equal(JSON.parse(readFileSync(config, 'utf8')).profiles.p.clientSecret, SECRET);
});
