import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quoteBody, redact, redactText } from '../../src/internal/redact.js';

const secret = 'SECRETVALUE-0123456789abcdef';

test('redact keeps a short prefix and the length only', () => {
  assert.equal(redact(secret), `SECR…[${secret.length} chars]`);
  assert.equal(redact('abc'), '…[3 chars]');
});

test('redactText hides secrets in JSON, forms, auth headers and JWTs', () => {
  const cases = [
    `{"access_token":"${secret}","token_type":"Bearer"}`,
    `{"refresh_token" : "${secret}"}`,
    `grant_type=refresh_token&refresh_token=${secret}&client_id=app`,
    `oauth_token=${secret}&oauth_token_secret=${secret}`,
    `Authorization: Bearer ${secret}`,
    `OAuth oauth_signature="${secret}", oauth_nonce="n"`,
    `id: eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjMifQ.${secret}`,
  ];
  for (const text of cases) {
    const out = redactText(text);
    assert.ok(!out.includes(secret), `leaked in: ${out}`);
  }
  assert.match(redactText('grant_type=refresh_token&client_id=app'), /client_id=app/);
});

test('redactText hides caller-supplied secrets anywhere', () => {
  assert.ok(!redactText(`weird ${secret} place`, [secret]).includes(secret));
});

test('quoteBody clips, folds whitespace and redacts', () => {
  const body = `<html>\n<body>${'x'.repeat(1000)}</body></html>`;
  const q = quoteBody(body, 50);
  assert.equal(q.length, 51);
  assert.ok(q.startsWith('<html> <body>'));
  assert.ok(!quoteBody(`{"access_token":"${secret}"}`).includes(secret));
});
