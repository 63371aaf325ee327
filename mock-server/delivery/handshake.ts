// The verification handshake of profiles that have one (certn): GET <url>?challenge=X must answer
// the expected status with exactly X as the body, the right content type and headers, in time.
import type { WireProfile } from '../../generated/profiles.js';
import type { HttpSender } from './http-sender.js';

/** The handshake's result: passed, or the reasons it did not (shown in the API and the console). */
export type HandshakeResult = { ok: true } | { ok: false; reason: string };

/**
 * Runs a profile's handshake against `url`.
 * @example await runHandshake({ sender, profile: profiles.certn, url, challenge: 'a1b2' }) // { ok: true }
 */
export async function runHandshake({
  sender,
  profile,
  url,
  challenge,
  budgetMs,
}: {
  sender: HttpSender;
  profile: WireProfile;
  url: string;
  challenge: string;
  /** Real ms; defaults to the profile's handshake timeout. */
  budgetMs?: number;
}): Promise<HandshakeResult> {
  const hs = profile.handshake;
  if (hs === null) return { ok: true };
  const target = new URL(url);
  target.searchParams.set(hs.queryParameter, challenge);
  const timeoutMs = budgetMs ?? hs.timeoutInSeconds * 1000;
  const res = await sender.send({ method: hs.method, url: target.toString(), headers: { accept: 'text/plain' }, budgetMs: timeoutMs, keepBodyBytes: challenge.length + 1024 });
  if (res.statusCode === null) {
    return { ok: false, reason: res.error === 'timeout' ? `no answer to GET ?${hs.queryParameter}= within ${timeoutMs / 1000} s` : `GET ?${hs.queryParameter}= failed: ${res.error}` };
  }
  const reasons: string[] = [];
  if (res.statusCode !== hs.expectStatus) reasons.push(`answered ${res.statusCode}, expected ${hs.expectStatus}`);
  if (hs.expectBody === 'echo' && res.body !== challenge) {
    reasons.push(`the body was not the challenge echoed exactly (expected ${challenge.length} characters, got ${JSON.stringify((res.body ?? '').slice(0, 60))})`);
  }
  const contentType = headerText(res.headers['content-type']);
  if (!contentType || contentType.split(';')[0]!.trim().toLowerCase() !== hs.expectContentType) {
    reasons.push(`Content-Type was ${contentType ? JSON.stringify(contentType) : 'missing'}, expected ${hs.expectContentType}`);
  }
  for (const [name, expected] of Object.entries(hs.expectHeaders)) {
    const value = headerText(res.headers[name.toLowerCase()]);
    if (value?.trim().toLowerCase() !== expected.toLowerCase()) reasons.push(`${name} was ${value ? JSON.stringify(value) : 'missing'}, expected ${expected}`);
  }
  return reasons.length === 0 ? { ok: true } : { ok: false, reason: `handshake failed: ${reasons.join('; ')}` };
}

const headerText = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(', ') : v);
