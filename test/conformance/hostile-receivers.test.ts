// A suite that cannot be hung: against receivers that never answer, drip forever, flood, speak
// garbage or hang up, every run ends within its documented upper bound and its reports still parse.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { ConformanceError, formatJsonReport, formatJunitReport, runConformance, type ConformanceReport } from '../../conformance/index.js';
import type { ProfileName } from '../../generated/profiles.js';

/** The check each hostile receiver must fail (it may fail others too). */
const mustFail: Record<string, string> = {
  'never answers': 'signature.valid',
  'drips its body forever': 'latency.ack',
  'answers a huge body': 'signature.missing',
  'answers garbage': 'signature.valid',
  'closes the connection': 'signature.valid',
  'redirects everything': 'transport.redirect',
};

/** Raw TCP servers, each misbehaving in one way at the HTTP level. */
const hostile: Record<string, (socket: Socket) => void> = {
  'never answers': () => {},
  'drips its body forever': (socket) => {
    socket.once('data', () => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n');
      const timer = setInterval(() => socket.write('1\r\n.\r\n'), 20);
      socket.on('close', () => clearInterval(timer));
      socket.on('error', () => clearInterval(timer));
    });
  },
  'answers a huge body': (socket) => {
    socket.once('data', () => {
      const size = 8 * 1024 * 1024;
      socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${size}\r\n\r\n`);
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let sent = 0;
      const pump = () => {
        while (sent < size && !socket.destroyed) {
          sent += chunk.length;
          if (!socket.write(chunk)) return void socket.once('drain', pump);
        }
      };
      socket.on('error', () => {});
      pump();
    });
  },
  'answers garbage': (socket) => {
    socket.on('error', () => {});
    socket.once('data', () => socket.end('THIS IS NOT HTTP\r\n\r\n\u0000\u0001'));
  },
  'closes the connection': (socket) => {
    socket.on('error', () => {});
    socket.once('data', () => socket.destroy());
  },
  'redirects everything': (socket) => {
    socket.on('error', () => {});
    socket.on('data', () => socket.write('HTTP/1.1 302 Found\r\nLocation: https://elsewhere.example/hooks\r\nContent-Length: 0\r\n\r\n'));
  },
};

const servers: Server[] = [];
const sockets = new Set<Socket>();
afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(behaviour: (socket: Socket) => void): Promise<string> {
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    behaviour(socket);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function expectParseableReports(report: ConformanceReport): void {
  const json = JSON.parse(formatJsonReport(report)) as { summary: Record<string, number>; checks: unknown[] };
  expect(json.checks).toHaveLength(report.results.length);
  const xml = formatJunitReport(report);
  expect(XMLValidator.validate(xml)).toBe(true);
  const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml) as { testsuites: { testsuite: { testcase: unknown[] } } };
  expect(parsed.testsuites.testsuite.testcase).toHaveLength(report.results.length);
}

const BUDGET_MS = 200;

describe('hostile receivers', () => {
  it.each(Object.keys(hostile).flatMap((name) => (['standard', 'certn'] as ProfileName[]).map((profile) => ({ name, profile }))))(
    'a receiver that $name ($profile) cannot hang the run: it ends within its upper bound and every check is judged',
    async ({ name, profile }) => {
      const origin = await listen(hostile[name]!);
      const t0 = performance.now();
      const report = await runConformance({ url: `${origin}/webhooks`, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', profile, probe: `${origin}/_probe`, budgetMs: BUDGET_MS, settleMs: BUDGET_MS, concurrency: 10 });
      const elapsed = performance.now() - t0;
      expect(elapsed).toBeLessThan(report.upperBoundMs);
      expect(report.results.length).toBe(17);
      expect(report.results.find((r) => r.id === mustFail[name])?.status).toBe('failed');
      expectParseableReports(report);
    },
  );

  it('documents an upper bound that a never-answering receiver cannot exceed, and keeps it small for small budgets', async () => {
    const origin = await listen(hostile['never answers']!);
    const report = await runConformance({ url: `${origin}/webhooks`, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', budgetMs: BUDGET_MS });
    // The breaker stops sending after the first valid delivery went unanswered: about one request limit, not one per request.
    expect(report.durationMs).toBeLessThan(6 * 2 * BUDGET_MS);
    // Beyond the 1.5 s TCP check, the bound scales with the budget.
    expect(report.upperBoundMs - 1_500).toBeLessThan(40 * BUDGET_MS);
    const latency = report.results.find((r) => r.id === 'latency.ack')!;
    expect(latency.status).toBe('failed');
    // One root cause, reported once: the checks whose deliveries the breaker held back are not judged.
    const failed = report.results.filter((r) => r.status === 'failed').map((r) => r.id);
    expect(failed.sort()).toEqual(['latency.ack', 'signature.valid']);
    expect(report.results.find((r) => r.id === 'signature.missing')?.message).toMatch(/stopped answering/);
  });

  it('never counts a 200 whose body does not end as an accepted delivery: signature.valid fails, transport.redirect is skipped, nothing passes', async () => {
    const origin = await listen(hostile['drips its body forever']!);
    const report = await runConformance({ url: `${origin}/webhooks`, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', probe: `${origin}/_probe`, budgetMs: BUDGET_MS });
    const byId = (id: string) => report.results.find((r) => r.id === id)!;
    expect(byId('signature.valid')).toMatchObject({ status: 'failed', message: `got no complete answer (status 200 arrived, the body never ended within ${2 * BUDGET_MS} ms) to valid case.status_changed; expected a 2xx` });
    expect(byId('signature.valid').hint).toMatch(/^end the response.*do not stream an acknowledgement/);
    expect(byId('transport.redirect')).toMatchObject({ status: 'skipped', hint: 'see signature.valid and latency.ack' });
    expect(byId('transport.redirect').message).toMatch(/^no complete answer to a valid delivery \(status 200 arrived/);
    expect(byId('latency.ack').message).toMatch(/^2 of 2 valid deliveries were not answered within the 200 ms budget \(2 never answered completely/);
    expect(report.results.filter((r) => r.status === 'passed')).toEqual([]);
    expect(report.results.filter((r) => r.status === 'failed').map((r) => r.id).sort()).toEqual(['latency.ack', 'signature.valid']);
  });

  it('stops promptly when aborted (Ctrl-C) and still returns a report', async () => {
    const origin = await listen(hostile['never answers']!);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const t0 = performance.now();
    const report = await runConformance({ url: `${origin}/webhooks`, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', signal: controller.signal });
    expect(performance.now() - t0).toBeLessThan(3_000); // the default request limit is 15 s
    expect(report.results).toHaveLength(17);
    expect(report.results.filter((r) => r.status === 'skipped').map((r) => r.message)).toContainEqual(expect.stringMatching(/interrupted/));
  });

  it('says clearly and quickly that nothing is listening at the URL', async () => {
    const origin = await listen(() => {});
    const port = new URL(origin).port;
    await new Promise((r) => servers.pop()!.close(r));
    const t0 = performance.now();
    const error = await runConformance({ url: `http://127.0.0.1:${port}/webhooks`, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }).catch((e: unknown) => e);
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(error).toBeInstanceOf(ConformanceError);
    expect((error as ConformanceError).code).toBe('receiver_unreachable');
    expect((error as ConformanceError).message).toMatch(/nothing is listening/);
    expect((error as ConformanceError).hint).toMatch(/start your receiver/);
  });
});
