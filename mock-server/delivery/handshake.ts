// The verification handshake of profiles that have one (certn), sent by the engine: GET
// <url>?challenge=X, judged by webhooks/handshake.ts (the rules live there, shared with the suite).
import type { WireProfile } from '../../generated/profiles.js';
import { describeHandshakeFaults, judgeHandshake } from '../../webhooks/handshake.js';
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
  // The same judge as the conformance suite's handshake.challenge (webhooks/handshake.ts).
  const faults = judgeHandshake(hs, challenge, { status: res.statusCode, headers: res.headers, body: res.body ?? '', durationMs: res.latencyMs }, timeoutMs);
  return faults.length === 0 ? { ok: true } : { ok: false, reason: `handshake failed: ${describeHandshakeFaults(faults).message}` };
}
