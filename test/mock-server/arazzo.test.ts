// Proof 2: the main flows, written as Arazzo workflows (spec/workflows/*.arazzo.yaml), run with
// `redocly respect` against a live mock: every step's success criteria, status code, content type
// and response schema checks pass. A run with a wrong API key must fail (the negative control).
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer } from '../../mock-server/index.js';

const root = join(import.meta.dirname, '..', '..');
const workflowDir = join(root, 'spec', 'workflows');
const files = readdirSync(workflowDir).filter((f) => f.endsWith('.arazzo.yaml')).sort();

let mock: Awaited<ReturnType<typeof startMockServer>>;
beforeAll(async () => {
  mock = await startMockServer({ port: 0, db: ':memory:', seed: 21 });
});
afterAll(() => mock?.stop());

function respect(file: string, extra: string[] = []): Promise<{ code: number | null; output: string }> {
  const args = ['respect', join(workflowDir, file), '--server', `credkit=${mock.url}`, '--server', `mock=${mock.url}`, ...extra];
  return new Promise((resolve, reject) => {
    const child = spawn(join(root, 'node_modules', '.bin', 'redocly'), args, { cwd: root, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('Arazzo workflows with redocly respect', () => {
  it('has the two main flows', () => {
    expect(files).toEqual(['credential-lifecycle.arazzo.yaml', 'screening-case.arazzo.yaml']);
  });

  it.each(files)('%s passes every step against the mock', async (file) => {
    const { code, output } = await respect(file);
    expect(output).toMatch(/Workflows: 1 passed, 1 total/);
    expect(output).not.toMatch(/✗/);
    expect(code, output).toBe(0);
  });

  it('fails when the flow cannot succeed (wrong API key)', async () => {
    const { code, output } = await respect('credential-lifecycle.arazzo.yaml', ['--input', 'apiKey=sk_test_wrong']);
    expect(code).not.toBe(0);
    expect(output).toMatch(/Workflows: 1 failed/);
  });
});
