// `npx credkit mock` answers credkit/client: started as an integrator would, stopped with SIGINT.
import { spawn } from 'node:child_process';
import { createClient } from 'credkit/client';

const mock = spawn('npx', ['--no-install', 'credkit', 'mock', '--port', '0', '--db', ':memory:', '--quiet'], {
  stdio: ['ignore', 'pipe', 'inherit'],
  // Its own process group: npx runs the bin as a child, and Ctrl-C in a terminal reaches the whole group.
  detached: true,
});
const url = await new Promise((resolve, reject) => {
  let out = '';
  mock.stdout.on('data', (chunk) => {
    out += chunk;
    const m = /Ready! .* on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
    if (m) resolve(m[1]);
  });
  mock.on('exit', (code) => reject(new Error(`credkit mock exited ${code} before Ready:\n${out}`)));
  setTimeout(() => reject(new Error(`no Ready line in 30 s:\n${out}`)), 30_000).unref();
});
try {
  const client = createClient({ baseUrl: url, apiKey: 'sk_test_credkit' });
  const issued = await client.POST('/v1/credentials', {
    body: { kind: 'certificate', title: 'Smoke', recipient: { name: 'Ada Lovelace', email: 'ada@example.com' } },
  });
  if (issued.error) throw new Error(`issue: ${issued.error.status} ${issued.error.title}`);
  const renamed = await client.PATCH('/v1/credentials/{credentialId}', {
    params: { path: { credentialId: issued.data.id }, header: { 'If-Match': String(issued.data.revision) } },
    body: { title: 'Smoke (renamed)' },
  });
  if (renamed.error) throw new Error(`update: ${renamed.error.status} ${renamed.error.title}`);
  const stale = await client.PATCH('/v1/credentials/{credentialId}', {
    params: { path: { credentialId: issued.data.id }, header: { 'If-Match': String(issued.data.revision) } },
    body: { title: 'lost update' },
  });
  if (stale.error?.status !== 412) throw new Error(`a stale If-Match must get 412, got ${stale.response.status}`);
  console.log(JSON.stringify({ ok: true, url, revision: renamed.data.revision }));
} finally {
  const exited = new Promise((resolve) => mock.on('exit', (code, signal) => resolve({ code, signal })));
  process.kill(-mock.pid, 'SIGINT');
  // npm itself dies of the SIGINT it forwards; the mock below it must stop cleanly.
  const { code, signal } = await exited;
  if (code !== 0 && signal !== 'SIGINT') throw new Error(`credkit mock exited ${code ?? signal} on SIGINT`);
}
