#!/usr/bin/env node
// Writes webhooks/test-vectors.json. Every signature here is computed with plain node:crypto, written
// out from each profile's documented rules, never with credkit's signer: the vectors check credkit
// against the specs, not against itself. Run: node test/webhooks/generate-test-vectors.mjs
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const NOW = 1795336800; // 2026-11-22T… in unix seconds: the "now" every vector is verified at

const event = {
  id: 'evt_5Ij6Ok7Pl8Qa9Ws0',
  type: 'credential.revoked',
  createdAt: '2026-11-22T11:00:00.000Z',
  apiVersion: '1.0',
  data: {
    object: 'credential',
    id: 'crd_7Hq2LmX9pR4sT1vW',
    revision: 4,
    status: 'revoked',
    kind: 'certificate',
    title: 'Certified Kubernetes Administrator (CKA) – Zürich',
    recipientEmail: 'amara.okafor@northwind-logistics.com',
    revokedAt: '2026-11-22T11:00:00.000Z',
    reason: 'issued_in_error',
  },
};
// Odd whitespace and key order and a multibyte title: the bytes, not the JSON, are signed.
const nativeBody = JSON.stringify(event, null, 1).replace('"id"', '"id" ');
const certnBody = '{"id":"evt_9Ol0Pa1Sq2Dw3Fe4","event_type":"CASE_STATUS_CHANGED","object_id":"case_4Rt8YuI2oP6aS0dF","object_type":"CASE"}';

const hmac = (key, content, encoding) => createHmac('sha256', key).update(content, 'utf8').digest(encoding);
const standardKey = (secret) => Buffer.from(secret.replace(/^whsec_/, ''), 'base64');

const vectors = [];
const add = (v) => vectors.push({ now: NOW, ...v });

// ---- standard: Standard Webhooks v1 -------------------------------------------------------------
{
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const pub = { id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp: 1614265330, payload: '{"test": 2432232314}' };
  add({
    name: 'standard: the public Standard Webhooks vector',
    profile: 'standard',
    secret,
    now: pub.timestamp,
    headers: { 'webhook-id': pub.id, 'webhook-timestamp': String(pub.timestamp), 'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=' },
    payload: pub.payload,
    sign: { id: pub.id, timestamp: pub.timestamp },
    expect: { ok: true, type: 'unknown' },
  });
  const id = event.id;
  const sig = (body = nativeBody, ts = NOW, key = standardKey(secret), msgId = id) => hmac(key, `${msgId}.${ts}.${body}`, 'base64');
  const headers = (over = {}) => ({ 'webhook-id': id, 'webhook-timestamp': String(NOW), 'webhook-signature': `v1,${sig()}`, ...over });
  add({ name: 'standard: a revoked credential, raw bytes with odd whitespace and UTF-8', profile: 'standard', secret, headers: headers(), payload: nativeBody, sign: { id, timestamp: NOW }, expect: { ok: true, type: 'credential.revoked' } });
  add({ name: 'standard: a secret without its whsec_ prefix', profile: 'standard', secret: secret.slice(6), headers: headers(), payload: nativeBody, expect: { ok: true, type: 'credential.revoked' } });
  add({
    name: 'standard: the valid signature is the third of three (rotation)',
    profile: 'standard',
    secret,
    headers: headers({ 'webhook-signature': `v1,${sig(nativeBody, NOW, Buffer.alloc(24, 1))} v1,${sig(nativeBody, NOW, Buffer.alloc(24, 2))} v1,${sig()}` }),
    payload: nativeBody,
    expect: { ok: true, type: 'credential.revoked' },
  });
  add({ name: 'standard: unknown versions are skipped', profile: 'standard', secret, headers: headers({ 'webhook-signature': `v2,${sig()}xyz v1a,abc v1,${sig()}` }), payload: nativeBody, expect: { ok: true, type: 'credential.revoked' } });
  add({ name: 'standard: header names in any case', profile: 'standard', secret, headers: { 'Webhook-Id': id, 'WEBHOOK-TIMESTAMP': String(NOW), 'Webhook-Signature': `v1,${sig()}` }, payload: nativeBody, expect: { ok: true, type: 'credential.revoked' } });
  add({ name: 'standard: 300 s old is still inside the tolerance', profile: 'standard', secret, headers: headers({ 'webhook-timestamp': String(NOW - 300), 'webhook-signature': `v1,${sig(nativeBody, NOW - 300)}` }), payload: nativeBody, expect: { ok: true, type: 'credential.revoked' } });
  add({ name: 'standard: tampered body', profile: 'standard', secret, headers: headers(), payload: nativeBody.replace('"revision": 4', '"revision": 5'), expect: { error: 'no_matching_signature' } });
  add({ name: 'standard: tampered id', profile: 'standard', secret, headers: headers({ 'webhook-id': 'evt_AAAAAAAAAAAAAAAA' }), payload: nativeBody, expect: { error: 'no_matching_signature' } });
  add({ name: 'standard: tampered timestamp', profile: 'standard', secret, headers: headers({ 'webhook-timestamp': String(NOW - 1) }), payload: nativeBody, expect: { error: 'no_matching_signature' } });
  add({ name: 'standard: wrong secret', profile: 'standard', secret: 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD', headers: headers(), payload: nativeBody, expect: { error: 'no_matching_signature' } });
  add({ name: 'standard: stale, 301 s old', profile: 'standard', secret, headers: headers({ 'webhook-timestamp': String(NOW - 301), 'webhook-signature': `v1,${sig(nativeBody, NOW - 301)}` }), payload: nativeBody, expect: { error: 'timestamp_too_old' } });
  add({ name: 'standard: 301 s in the future', profile: 'standard', secret, headers: headers({ 'webhook-timestamp': String(NOW + 301), 'webhook-signature': `v1,${sig(nativeBody, NOW + 301)}` }), payload: nativeBody, expect: { error: 'timestamp_too_new' } });
  for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
    const h = headers();
    delete h[name];
    add({ name: `standard: missing ${name}`, profile: 'standard', secret, headers: h, payload: nativeBody, expect: { error: 'missing_header' } });
  }
  add({ name: 'standard: timestamp is not unix seconds', profile: 'standard', secret, headers: headers({ 'webhook-timestamp': '2026-11-22T11:00:00Z' }), payload: nativeBody, expect: { error: 'malformed_header' } });
  add({ name: 'standard: timestamp with a fraction', profile: 'standard', secret, headers: headers({ 'webhook-timestamp': `${NOW}.5` }), payload: nativeBody, expect: { error: 'malformed_header' } });
  add({ name: 'standard: signature truncated by one character', profile: 'standard', secret, headers: headers({ 'webhook-signature': `v1,${sig().slice(0, -1)}` }), payload: nativeBody, expect: { error: 'no_matching_signature' } });
  add({ name: 'standard: signature of the wrong length', profile: 'standard', secret, headers: headers({ 'webhook-signature': `v1,${sig()}AAAA` }), payload: nativeBody, expect: { error: 'no_matching_signature' } });
  add({ name: 'standard: only an unknown version', profile: 'standard', secret, headers: headers({ 'webhook-signature': `v2,${sig()}` }), payload: nativeBody, expect: { error: 'no_matching_signature' } });
  add({ name: 'standard: garbage signature header', profile: 'standard', secret, headers: headers({ 'webhook-signature': 'not a signature' }), payload: nativeBody, expect: { error: 'malformed_header' } });
  add({ name: 'standard: v1 without a signature', profile: 'standard', secret, headers: headers({ 'webhook-signature': 'v1,' }), payload: nativeBody, expect: { error: 'malformed_header' } });
  add({ name: 'standard: a signature in the wrong alphabet', profile: 'standard', secret, headers: headers({ 'webhook-signature': `v1,${'!'.repeat(44)}` }), payload: nativeBody, expect: { error: 'malformed_header' } });
  add({ name: 'standard: hex instead of base64', profile: 'standard', secret, headers: headers({ 'webhook-signature': `v1,${hmac(standardKey(secret), `${id}.${NOW}.${nativeBody}`, 'hex')}` }), payload: nativeBody, expect: { error: 'no_matching_signature' } });
}

// ---- the hex profiles: HMAC-SHA256 of the raw body, key = the secret's UTF-8 bytes, lowercase hex --
for (const [profile, header, body, type] of [
  ['certdirectory', 'X-CertDirectory-Signature', nativeBody, 'credential.revoked'],
  ['certn', 'X-Signature', certnBody, 'certn'],
  ['compliancely', 'Compliancely-Signature', nativeBody, 'credential.revoked'],
]) {
  const secret = `${profile}-secret-7c1e0f9b2a4d`;
  const sig = hmac(Buffer.from(secret, 'utf8'), body, 'hex');
  const extra = profile === 'certdirectory' ? { 'X-CertDirectory-Event': 'credential.revoked' } : {};
  const headers = (value) => ({ [header]: value, ...extra });
  add({ name: `${profile}: a valid delivery`, profile, secret, headers: headers(sig), payload: body, sign: { id: JSON.parse(body).id }, expect: { ok: true, type } });
  add({ name: `${profile}: tampered body`, profile, secret, headers: headers(sig), payload: body.replace('evt_', 'evt_X'), expect: { error: 'no_matching_signature' } });
  add({ name: `${profile}: wrong secret`, profile, secret: `${secret}-old`, headers: headers(sig), payload: body, expect: { error: 'no_matching_signature' } });
  add({ name: `${profile}: missing ${header}`, profile, secret, headers: extra, payload: body, expect: { error: 'missing_header' } });
  add({ name: `${profile}: uppercase hex is not the profile's encoding`, profile, secret, headers: headers(sig.toUpperCase()), payload: body, expect: { error: 'no_matching_signature' } });
  add({ name: `${profile}: truncated signature`, profile, secret, headers: headers(sig.slice(0, 40)), payload: body, expect: { error: 'no_matching_signature' } });
  add({ name: `${profile}: garbage signature`, profile, secret, headers: headers('sha256=not-hex!'), payload: body, expect: { error: 'malformed_header' } });
  add({ name: `${profile}: base64 of the right HMAC`, profile, secret, headers: headers(hmac(Buffer.from(secret, 'utf8'), body, 'base64')), payload: body, expect: { error: 'malformed_header' } });
}

// ---- stripe: t=<unix>,v1=<hex of HMAC("{t}.{body}")>, keyed with the whole secret text -----------
{
  const secret = 'whsec_test_5b0c9d1e2f3a4b5c6d7e8f9a';
  const sig = (ts = NOW, body = nativeBody, s = secret) => hmac(Buffer.from(s, 'utf8'), `${ts}.${body}`, 'hex');
  const headers = (value) => ({ 'Stripe-Signature': value });
  add({ name: 'stripe: a valid delivery', profile: 'stripe', secret, headers: headers(`t=${NOW},v1=${sig()}`), payload: nativeBody, sign: { timestamp: NOW }, expect: { ok: true, type: 'credential.revoked' } });
  add({ name: 'stripe: v0 and a second v1 are tolerated', profile: 'stripe', secret, headers: headers(`t=${NOW},v1=${sig(NOW, nativeBody, 'whsec_other')},v0=${'0'.repeat(64)},v1=${sig()}`), payload: nativeBody, expect: { ok: true, type: 'credential.revoked' } });
  add({ name: 'stripe: a future timestamp is accepted, as Stripe does', profile: 'stripe', secret, headers: headers(`t=${NOW + 3600},v1=${sig(NOW + 3600)}`), payload: nativeBody, expect: { ok: true, type: 'credential.revoked' } });
  add({ name: 'stripe: stale, 301 s old', profile: 'stripe', secret, headers: headers(`t=${NOW - 301},v1=${sig(NOW - 301)}`), payload: nativeBody, expect: { error: 'timestamp_too_old' } });
  add({ name: 'stripe: tampered body', profile: 'stripe', secret, headers: headers(`t=${NOW},v1=${sig()}`), payload: `${nativeBody} `, expect: { error: 'no_matching_signature' } });
  add({ name: 'stripe: tampered timestamp', profile: 'stripe', secret, headers: headers(`t=${NOW - 1},v1=${sig()}`), payload: nativeBody, expect: { error: 'no_matching_signature' } });
  add({ name: 'stripe: the secret without its whsec_ prefix is another key', profile: 'stripe', secret: secret.slice(6), headers: headers(`t=${NOW},v1=${sig()}`), payload: nativeBody, expect: { error: 'no_matching_signature' } });
  add({ name: 'stripe: missing Stripe-Signature', profile: 'stripe', secret, headers: {}, payload: nativeBody, expect: { error: 'missing_header' } });
  add({ name: 'stripe: no timestamp', profile: 'stripe', secret, headers: headers(`v1=${sig()}`), payload: nativeBody, expect: { error: 'malformed_header' } });
  add({ name: 'stripe: two timestamps', profile: 'stripe', secret, headers: headers(`t=${NOW},t=${NOW},v1=${sig()}`), payload: nativeBody, expect: { error: 'malformed_header' } });
  add({ name: 'stripe: only v0 signatures', profile: 'stripe', secret, headers: headers(`t=${NOW},v0=${sig()}`), payload: nativeBody, expect: { error: 'no_matching_signature' } });
  add({ name: 'stripe: garbage header', profile: 'stripe', secret, headers: headers('garbage'), payload: nativeBody, expect: { error: 'malformed_header' } });
}

const file = {
  description:
    'Signing and verification vectors for every credkit wire profile. Signatures computed with plain node:crypto from each profile\'s rules (test/webhooks/generate-test-vectors.mjs). Verify each with now = `now` (unix seconds): `expect.ok` vectors verify and parse to `expect.type` (`unknown` = an UnknownEvent, `certn` = the certn envelope); `expect.error` vectors throw WebhookVerificationError with that code. Vectors with `sign` are reproduced exactly by sign({ profile, secret, payload, ...sign }).',
  vectors,
};
writeFileSync(join(root, 'webhooks', 'test-vectors.json'), `${JSON.stringify(file, null, 2)}\n`);
console.log(`wrote ${vectors.length} vectors to webhooks/test-vectors.json`);
