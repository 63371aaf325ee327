// The GitHub Action (action.yml → ci/github-action/run.mjs) and the GitLab template, run the way their
// runners run them: action.yml's own `env:` mapping and `run:` line in bash, GITHUB_STEP_SUMMARY and
// GITHUB_OUTPUT in temp files, the receiver started by the `start` input on a loopback port, and the
// CLI from this repository's dist/ (CREDKIT_BIN, or a workspace node_modules/.bin/credkit).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { checkCatalog } from '../../conformance/catalog.js';
import { recognisableSecret } from '../conformance/helpers.js';

const root = join(import.meta.dirname, '..', '..');
const runMjs = join(root, 'ci', 'github-action', 'run.mjs');
const cli = join(root, 'dist', 'cli', 'main.js');
const referenceReceiver = join(root, 'dist', 'examples', 'receivers', 'node-http.js');
const brokenReceiver = join(import.meta.dirname, 'start-broken-receiver.mjs');
const SECRET = recognisableSecret('standard');

interface ActionYaml {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: { id: string; shell: string; env: Record<string, string>; run: string }[] };
}
const action = parseYaml(readFileSync(join(root, 'action.yml'), 'utf8')) as ActionYaml;
const step = action.runs.steps[0]!;

interface GitlabJob {
  variables: Record<string, string>;
  script: string[];
  artifacts: { when: string; paths: string[]; reports: { junit: string } };
}
const gitlab = parseYaml(readFileSync(join(root, 'ci', 'gitlab', 'credkit-conformance.gitlab-ci.yml'), 'utf8')) as Record<string, GitlabJob>;

/** run.mjs's own table of inputs (a plain ESM script, so imported by path). */
const runModule = (await import(pathToFileURL(runMjs).href)) as {
  inputs: Record<string, { required?: string; default?: string }>;
  inputEnvName(name: string): string;
};

interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

function run(command: string, { cwd, env }: { cwd: string; env: NodeJS.ProcessEnv }): Promise<Ran> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    // The runner's own bash invocation for `shell: bash`.
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', command], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

const madeDirs: string[] = [];
afterAll(() => {
  for (const dir of madeDirs) rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory: a job's workspace (GITHUB_WORKSPACE) or the runner's temp (RUNNER_TEMP). */
function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `credkit-action-${name}-`));
  madeDirs.push(dir);
  return dir;
}
const workspace = () => tempDir('workspace');

/** Runs the action's step as the runner does: `${{ inputs.x }}` in its env replaced by `with:` or the default. */
async function runAction(withInputs: Record<string, string>, { cwd = workspace(), credkitBin = cli as string | null } = {}) {
  const runnerTemp = tempDir('runner');
  const summaryFile = join(runnerTemp, 'step-summary.md');
  const outputFile = join(runnerTemp, 'output.txt');
  writeFileSync(summaryFile, '');
  writeFileSync(outputFile, '');
  const inputEnv = Object.fromEntries(
    Object.entries(step.env).map(([name, expression]) => {
      const input = /^\$\{\{ inputs\.([\w-]+) \}\}$/.exec(expression)![1]!;
      return [name, withInputs[input] ?? action.inputs[input]?.default ?? ''];
    }),
  );
  const env = {
    PATH: process.env.PATH,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: cwd,
    RUNNER_TEMP: runnerTemp,
    GITHUB_ACTION_PATH: root,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_OUTPUT: outputFile,
    ...(credkitBin ? { CREDKIT_BIN: credkitBin } : {}),
    ...inputEnv,
  };
  const ran = await run(step.run, { cwd, env });
  const outputs = Object.fromEntries(readFileSync(outputFile, 'utf8').split('\n').filter(Boolean).map((line) => line.split(/=(.*)/s).slice(0, 2)));
  const reportPath = join(cwd, 'reports', 'credkit-conformance.xml');
  return { ...ran, cwd, summary: readFileSync(summaryFile, 'utf8'), outputs, reportPath, report: existsSync(reportPath) ? readFileSync(reportPath, 'utf8') : '' };
}

/** A port nothing listens on (the receiver is started by the action, so the URL must be known before). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** False once a process has exited, even while it waits as a zombie for an orphan reaper to collect it. */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/^\d+ \(.*\) Z/.test(stat);
}

/** The JUnit report's test cases. */
function junitCases(xml: string): { name: string; failure?: { type: string } }[] {
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testcase' }).parse(xml) as {
    testsuites: { tests: string; failures: string; testsuite: { testcase: { name: string; failure?: { type: string } }[] } };
  };
  return parsed.testsuites.testsuite.testcase;
}

function expectNoSecret(texts: Record<string, string>): void {
  for (const [where, text] of Object.entries(texts)) expect(text.includes(SECRET), `the secret leaked into ${where}`).toBe(false);
}

describe('the GitHub Action', () => {
  it('starts the reference receiver, passes, writes the JUnit report, a summary table and failed=0, then stops the receiver', async () => {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const ran = await runAction({ url: `${origin}/webhooks`, probe: `${origin}/_probe`, secret: SECRET, start: `PORT=${port} node "${referenceReceiver}"` });

    expect(ran.code, ran.stdout + ran.stderr).toBe(0);
    const cases = junitCases(ran.report);
    expect(cases).toHaveLength(checkCatalog.length);
    expect(cases.filter((c) => c.failure)).toEqual([]);
    expect(ran.stdout).toContain('--reporter junit --output-file');
    expect(ran.summary).toContain('## credkit conformance: passed');
    expect(ran.summary).toContain('| | Check | Result | Time |');
    expect(ran.summary).toMatch(/^\| ✓ \| `signature\.valid` .* \| passed \| \d+ ms \|$/m);
    expect(ran.summary.match(/^\| ✓ \|/gm)?.length).toBeGreaterThan(10);
    expect(ran.outputs).toEqual({ 'report-path': ran.reportPath, failed: '0' });
    expect(await accepts(port)).toBe(false);
    expectNoSecret({ stdout: ran.stdout, stderr: ran.stderr, summary: ran.summary, report: ran.report });
  });

  it('exits 1 against a broken receiver, with the failing check in the summary, an annotation and failed=1, using the workspace node_modules/.bin/credkit', async () => {
    const port = await freePort();
    const cwd = workspace();
    mkdirSync(join(cwd, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(cli, join(cwd, 'node_modules', '.bin', 'credkit'));
    const ran = await runAction({ url: `http://127.0.0.1:${port}/webhooks`, secret: SECRET, start: `PORT=${port} node "${brokenReceiver}" reserialized-json` }, { cwd, credkitBin: null });

    expect(ran.code, ran.stdout + ran.stderr).toBe(1);
    expect(junitCases(ran.report).filter((c) => c.failure).map((c) => c.failure!.type)).toEqual(['body.raw-bytes']);
    expect(ran.outputs.failed).toBe('1');
    expect(ran.summary).toContain('## credkit conformance: 1 failed');
    expect(ran.summary).toMatch(/^\| × \| `body\.raw-bytes` .* \| failed: .+ \|$/m);
    expect(ran.summary).toMatch(/### How to fix\n\n- \*\*`body\.raw-bytes`\*\*: .+\n {2}Fix: .*raw body.*\n {2}Docs: .*checks\.html#body\.raw-bytes/);
    expect(ran.stdout).toContain('::error title=credkit conformance%3A body.raw-bytes::');
    // The receiver's own output comes with a failed run, folded.
    expect(ran.stdout).toMatch(/::group::receiver output[^]*reserialized-json listening on[^]*::endgroup::/);
    expect(await accepts(port)).toBe(false);
    expectNoSecret({ stdout: ran.stdout, stderr: ran.stderr, summary: ran.summary, report: ran.report });
  });

  it('redacts the secret from a start command that prints it and exits, and fails at once with its exit code', async () => {
    const port = await freePort();
    const ran = await runAction({ url: `http://127.0.0.1:${port}/webhooks`, secret: SECRET, start: 'echo "booting with secret $WEBHOOK_SECRET"; exit 3' });

    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain(`the start command exited (code 3) before 127.0.0.1:${port} accepted connections`);
    expect(ran.stderr).toContain('booting with secret [redacted]');
    expect(ran.ms).toBeLessThan(10_000); // not the 30 s start timeout
    expectNoSecret({ stdout: ran.stdout, stderr: ran.stderr, summary: ran.summary });
  });

  it("exits 2 with the start command's last output when the receiver never comes up, and stops it", async () => {
    const port = await freePort();
    const ran = await runAction({
      url: `http://127.0.0.1:${port}/webhooks`,
      secret: SECRET,
      'start-timeout-seconds': '1',
      start: `node -e "console.log('booting pid', process.pid); setInterval(() => {}, 1000)"`,
    });

    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain(`::error title=credkit conformance::nothing accepted connections on 127.0.0.1:${port} within 1 s`);
    expect(ran.stderr).toMatch(/hint: does it listen on .*start-timeout-seconds[^]*booting pid \d+/);
    const pid = Number(/booting pid (\d+)/.exec(ran.stderr)![1]);
    await expect.poll(() => (running(pid) ? 'running' : 'stopped'), { timeout: 5_000 }).toBe('stopped');
    expect(ran.outputs).toEqual({});
  });

  it('exits 2 with a hint when the url input is missing, before starting anything', async () => {
    const cwd = workspace();
    const ran = await runAction({ secret: SECRET, start: 'touch started' }, { cwd });

    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/^::error title=credkit conformance::missing input "url"\nhint: e\.g\. url: http:\/\/127\.0\.0\.1:3000\/webhooks/);
    expect(existsSync(join(cwd, 'started'))).toBe(false);
    expect(ran.outputs).toEqual({});
  });
});

describe('action.yml', () => {
  it('maps every input of run.mjs to its INPUT_* variable, with the same defaults and required inputs', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs).sort()).toEqual(Object.keys(runModule.inputs).sort());
    for (const [name, spec] of Object.entries(runModule.inputs)) {
      expect(step.env[runModule.inputEnvName(name)], name).toBe(`\${{ inputs.${name} }}`);
      expect(action.inputs[name]!.default, name).toBe(spec.default);
      expect(action.inputs[name]!.required === true, name).toBe(spec.required !== undefined);
    }
    expect(Object.keys(step.env)).toHaveLength(Object.keys(runModule.inputs).length);
    expect(step.shell).toBe('bash');
    // The secret stays in the environment: never on a command line.
    expect(step.run).toBe('node "$GITHUB_ACTION_PATH/ci/github-action/run.mjs"');
    expect(action.outputs['report-path']!.value).toBe(`\${{ steps.${step.id}.outputs.report-path }}`);
    expect(action.outputs.failed!.value).toBe(`\${{ steps.${step.id}.outputs.failed }}`);
  });

  it('leaves run.mjs no environment variable to read but its inputs and what the runner sets (and CREDKIT_BIN)', () => {
    const source = readFileSync(runMjs, 'utf8');
    const named = new Set([...source.matchAll(/\benv\.([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]));
    expect([...named].sort()).toEqual(['CREDKIT_BIN', 'GITHUB_ACTIONS', 'GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY']);
    // The only computed read is the inputs table's, and process.env is only handed to main().
    expect([...source.matchAll(/\benv\[([^\]]+)\]/g)].map((m) => m[1])).toEqual(['inputEnvName(name)']);
    expect(source.match(/process\.env\b/g)).toHaveLength(1);
  });
});

describe('the GitLab template', () => {
  const job = gitlab['.credkit-conformance']!;

  it('is a hidden job that maps every input, keeps the JUnit report and reads WEBHOOK_SECRET', () => {
    expect(Object.keys(gitlab)).toEqual(['.credkit-conformance']);
    expect(job.artifacts).toEqual({ when: 'always', paths: ['$CREDKIT_REPORT_PATH'], reports: { junit: '$CREDKIT_REPORT_PATH' } });
    const script = job.script.join('\n');
    for (const name of Object.keys(runModule.inputs)) expect(script, name).toMatch(new RegExp(`\\b${runModule.inputEnvName(name)}="\\$`));
    expect(script).toContain('INPUT_SECRET="$WEBHOOK_SECRET"');
    for (const variable of Object.keys(job.variables)) expect(script, variable).toContain(`$${variable}`);
    expect(job.variables).not.toHaveProperty('WEBHOOK_SECRET'); // a masked CI/CD variable, never in YAML
  });

  it('runs run.mjs from a local CREDKIT_CI_SOURCE and writes the JUnit report where the artifacts look, without a step summary', async () => {
    const port = await freePort();
    const cwd = workspace();
    const ran = await run(job.script.join('\n'), {
      cwd,
      env: {
        PATH: process.env.PATH,
        CI: 'true',
        GITLAB_CI: 'true',
        CI_PROJECT_DIR: cwd,
        ...job.variables,
        CREDKIT_URL: `http://127.0.0.1:${port}/webhooks`,
        CREDKIT_START: `PORT=${port} node "${referenceReceiver}"`,
        CREDKIT_ONLY: 'signature.valid,signature.tampered',
        CREDKIT_CI_SOURCE: root,
        CREDKIT_BIN: cli,
        WEBHOOK_SECRET: SECRET,
      },
    });

    expect(ran.code, ran.stdout + ran.stderr).toBe(0);
    const report = readFileSync(join(cwd, job.variables.CREDKIT_REPORT_PATH!), 'utf8');
    expect(junitCases(report).map((c) => c.name.split(':')[0])).toEqual(['signature.valid', 'signature.tampered']);
    expect(ran.stdout).not.toMatch(/^::/m); // no workflow commands outside GitHub
    expect(await accepts(port)).toBe(false);
    expectNoSecret({ stdout: ran.stdout, stderr: ran.stderr, report });
  });
});
