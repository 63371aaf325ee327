// The reference receivers pass every applicable check in every profile: with a probe everything
// is judged; without one, the checks that need it are skipped (never passed).
import { createServer, type Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { describe, expect, it } from 'vitest';
import { runConformance, type ConformanceReport } from '../../conformance/index.js';
import { profileNames, profiles, type ProfileName } from '../../generated/profiles.js';
import { createExpressReceiver } from '../../examples/receivers/express.js';
import { createHonoReceiver } from '../../examples/receivers/hono.js';
import { createNodeReceiver } from '../../examples/receivers/node-http.js';
import type { ReceiverOptions } from '../../examples/receivers/config.js';
import { generateSecret } from '../../webhooks/index.js';
import { start } from './helpers.js';

const receivers: Record<string, (options: ReceiverOptions) => Server> = {
  'node:http': (o) => createNodeReceiver(o),
  express: (o) => createServer(createExpressReceiver(o)),
  hono: (o) => createAdaptorServer({ fetch: createHonoReceiver(o).fetch }) as Server,
};


/** The checks a profile rules out, as the catalog's appliesTo says. */
function notApplicable(profile: ProfileName): string[] {
  const p = profiles[profile];
  const ids: string[] = [];
  if (!p.handshake) ids.push('handshake.challenge');
  if (p.timestamp.location === 'none') ids.push('replay.stale', 'replay.future');
  else if (!p.timestamp.rejectFuture) ids.push('replay.future');
  if (!p.signature.multiple) ids.push('signature.rotation');
  if (p.envelope.kind !== 'native') ids.push('ordering.out-of-order');
  return ids.sort();
}

function idsWith(report: ConformanceReport, status: string): string[] {
  return report.results.filter((r) => r.status === status).map((r) => r.id).sort();
}

function explain(report: ConformanceReport): string {
  return report.results.filter((r) => r.status === 'failed').map((r) => `${r.id}: ${r.message} | ${JSON.stringify(r.evidence)}`).join('\n');
}

describe.each(Object.keys(receivers))('the %s reference receiver', (name) => {
  it.each(profileNames)('passes every applicable check of the %s profile, probe included', async (profile) => {
    const secret = generateSecret({ profile });
    const receiver = await start(receivers[name]!({ profile, secret }));
    try {
      const report = await runConformance({ url: receiver.url, secret, profile, probe: receiver.probe });
      expect(idsWith(report, 'failed'), explain(report)).toEqual([]);
      expect(idsWith(report, 'skipped')).toEqual([]);
      expect(idsWith(report, 'not_applicable')).toEqual(notApplicable(profile));
      expect(report.summary.passed).toBe(17 - notApplicable(profile).length);
    } finally {
      await receiver.close();
    }
  });

  it.each(profileNames)('without a probe, reports the probe-only parts of the %s profile as skipped, never passed', async (profile) => {
    const secret = generateSecret({ profile });
    const receiver = await start(receivers[name]!({ profile, secret }));
    try {
      const report = await runConformance({ url: receiver.url, secret, profile, concurrency: 20 });
      expect(idsWith(report, 'failed'), explain(report)).toEqual([]);
      const expectedSkipped = ['idempotency.duplicate', 'load.burst', ...(profiles[profile].envelope.kind === 'native' ? ['ordering.out-of-order'] : [])].sort();
      expect(idsWith(report, 'skipped')).toEqual(expectedSkipped);
      for (const r of report.results.filter((x) => x.status === 'skipped')) expect(r.hint).toContain('--probe');
    } finally {
      await receiver.close();
    }
  });
});
