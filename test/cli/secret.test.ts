// `credkit secret` as a real child process (dist/, built by `npm test`'s pretest): the secret alone on
// stdout, a hint only on a terminal, one-line usage errors, and, for every profile, a secret that
// `credkit mock --forward-to … --secret` accepts and signs with, so the receiver verifies its deliveries.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { profileNames, type ProfileName } from '../../generated/profiles.js';
import { verify } from '../../webhooks/verify.js';
import { startReceiver, waitFor } from '../delivery/helpers.js';
import { API_KEY, spawnUntil, stopChild } from '../mock-server/helpers.js';

const CLI = join(import.meta.dirname, '../../dist/cli/main.js');
const SCRIPT = '/usr/bin/script';

function secret(...args: string[]) {
  return spawnSync(process.execPath, [CLI, 'secret', ...args], { encoding: 'utf8', timeout: 20_000 });
}

/** What a secret of each profile looks like (spec/profiles: prefix, key encoding, bytes). */
const shapes: Record<ProfileName, RegExp> = {
  standard: /^whsec_[A-Za-z0-9+/]{32}$/,
  certdirectory: /^[0-9a-f]{64}$/,
  certn: /^[0-9a-f]{64}$/,
  compliancely: /^[0-9a-f]{64}$/,
  stripe: /^whsec_[0-9a-f]{48}$/,
};

describe('credkit secret', () => {
  it('prints a new standard secret alone on stdout, and nothing on stderr when stdout is not a terminal', () => {
    if (!existsSync(CLI)) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does)');
    const first = secret();
    const second = secret('--profile', 'standard');
    expect(first.status).toBe(0);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/^whsec_[A-Za-z0-9+/]{32}\n$/);
    expect(second.stdout).not.toBe(first.stdout);
  });

  it.each(profileNames)('prints a %s secret in that profile’s format', (profile) => {
    const r = secret('--profile', profile);
    expect(r.status).toBe(0);
    expect(r.stdout.trimEnd()).toMatch(shapes[profile]);
  });

  it.skipIf(!existsSync(SCRIPT))('adds a hint on stderr when stdout is a terminal', () => {
    // script(1) gives the child a pseudo-terminal, as an interactive shell would.
    const r = spawnSync(SCRIPT, ['-qec', `${process.execPath} ${CLI} secret --profile certn`, '/dev/null'], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(0);
    const lines = r.stdout.split(/\r?\n/).filter(Boolean);
    expect(lines[0]).toMatch(shapes.certn);
    expect(lines[1]).toBe('hint: share it before starting either side: export WEBHOOK_SECRET=$(npx credkit secret --profile certn), then npx credkit mock --forward-to <url> --profile certn --secret "$WEBHOOK_SECRET"');
  });

  it('rejects an unknown profile with exit 2, one line and a did-you-mean hint', () => {
    const r = secret('--profile', 'stripee');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`credkit: --profile must be one of ${profileNames.join(', ')}; got "stripee"\nhint: did you mean --profile stripe?\n`);
    expect(secret('--profile', 'svix').stderr).toMatch(/\nhint: e\.g\. --profile standard\n$/);
  });

  for (const profile of profileNames) {
    it(`makes a ${profile} secret that credkit mock --secret signs with and the receiver verifies with`, async () => {
      const shared = secret('--profile', profile).stdout.trimEnd();
      const verified: string[] = [];
      const rejected: string[] = [];
      const receiver = await startReceiver((req) => {
        // The certn handshake: echo the challenge before any event is sent.
        const challenge = new URL(req.url, 'http://x').searchParams.get('challenge');
        if (req.method === 'GET' && challenge !== null) return { status: 200, headers: { 'content-type': 'text/plain', 'x-content-type-options': 'nosniff' }, body: challenge };
        try {
          const event = verify({ profile, secret: shared, headers: req.headers, payload: req.body });
          verified.push(event.type);
          return { status: 204 };
        } catch (err) {
          rejected.push(String(err));
          return { status: 400 };
        }
      });
      const ready = /Ready! credkit mock platform on (http:\/\/127\.0\.0\.1:\d+) .*endpoint (we_\w+)\)\. Signing with the secret you passed to --secret/;
      let mock: Awaited<ReturnType<typeof spawnUntil>> | undefined;
      try {
        mock = await spawnUntil(process.execPath, [CLI, 'mock', '--port', '0', '--db', ':memory:', '-q', '--chaos', 'off', '--forward-to', receiver.url, '--profile', profile, '--secret', shared], ready, { timeoutMs: 30_000 });
        const output = mock.output;
        const [, apiUrl, endpointId] = ready.exec(output()) as unknown as [string, string, string];
        expect(output()).not.toContain(shared); // a secret the user passed stays out of the logs
        if (profile === 'certn') await waitFor(() => output().includes('handshake passed'), { what: 'the certn handshake' });
        const sent = await fetch(`${apiUrl}/v1/webhook-endpoints/${endpointId}/test`, { method: 'POST', headers: { authorization: `Bearer ${API_KEY}` } });
        expect(sent.status, await sent.text()).toBeLessThan(300);
        await waitFor(() => verified.length + rejected.length > 0, { what: 'the test delivery' });
        expect(rejected).toEqual([]);
      } finally {
        if (mock) await stopChild(mock.child);
        await receiver.close();
      }
    });
  }
});
