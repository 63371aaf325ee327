// handshake.challenge: the profile's endpoint verification (Certn: GET ?challenge=X → X as text/plain).
import { describeHandshakeFaults, judgeHandshake } from '../../webhooks/handshake.js';
import { defineCheck } from '../check.js';
import { evidenceOf, hintForVerdict } from '../expect.js';

export const handshakeChallenge = defineCheck({
  id: 'handshake.challenge',
  title: 'Echoes the verification handshake exactly',
  why: 'The platform verifies a new endpoint with a challenge before sending any event; an endpoint that fails it gets no deliveries at all.',
  fix: 'answer GET <your url>?challenge=<value> with status 200, the value alone as the body, Content-Type: text/plain and X-Content-Type-Options: nosniff (Express: res.type("text/plain").set("X-Content-Type-Options", "nosniff").send(req.query.challenge))',
  sends: "the profile's verification request (GET ?challenge=<random value>)",
  needsProbe: false,
  gate: 'none',
  phase: 'first',
  sequentialSteps: () => 1,
  appliesTo: (profile) => (profile.handshake ? true : `the ${profile.name} profile has no verification handshake`),
  async run(ctx) {
    const handshake = ctx.profile.handshake;
    if (!handshake) return { status: 'skipped', message: 'no handshake in this profile' };
    // Letters and digits only: the value must come back byte for byte, whatever the framework does to query strings.
    const challenge = ctx.events.newId('');
    const url = new URL(ctx.url.href);
    url.searchParams.set(handshake.queryParameter, challenge);
    const exchange = await ctx.request({ method: handshake.method, url, headers: { accept: '*/*' } });
    const evidence = [evidenceOf(exchange, `handshake, ${handshake.queryParameter}=${challenge}`)];
    const fail = (message: string, hint?: string) => ({ status: 'failed' as const, message, evidence, ...(hint ? { hint } : {}) });
    const { response } = exchange;
    if (!response) return fail(`got no answer to the handshake (${exchange.failure?.message ?? 'nothing came back'})`);
    if (response.incomplete) return fail(`got no complete answer to the handshake (${response.incomplete.message})`, hintForVerdict('incomplete'));
    // The same judge as the mock's delivery engine (webhooks/handshake.ts), so passing here means passing there.
    const faults = judgeHandshake(handshake, challenge, { ...response, durationMs: exchange.durationMs }, Math.min(handshake.timeoutInSeconds * 1000, ctx.budgetMs));
    if (faults.length === 0) return { status: 'passed', message: `echoed the challenge as ${handshake.expectContentType} in ${Math.round(exchange.durationMs)} ms` };
    const { message, hint } = describeHandshakeFaults(faults);
    return fail(message, hint);
  },
});

