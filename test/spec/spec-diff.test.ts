// The breaking-change gate end to end: `node scripts/spec-diff.mjs` (and spec-release.mjs) as real
// child processes against a temp releases folder, plus the version verdict in-process.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { newestRelease } from '../../scripts/lib/releases.mjs';
import { changelogVersions, judge } from '../../scripts/lib/version-gate.mjs';

type Contract = Record<string, any>;

const root = fileURLToPath(new URL('../..', import.meta.url));
let base: Contract;
let dir: string;
let counter = 0;

beforeAll(async () => {
  base = parse(await readFile(join(root, 'test/spec/fixtures/diff/base.yaml'), 'utf8')) as Contract;
  dir = await mkdtemp(join(tmpdir(), 'credkit-spec-diff-'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function run(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'scripts', script), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/**
 * A workspace with release 1.0.0 = the base fixture, a working contract = base with one change,
 * and a changelog recording `recorded` versions. Returns the spec-diff arguments for it.
 */
async function workspace({ change = () => {}, version = '1.0.0', recorded = ['1.0.0'] }: { change?: (c: Contract) => void; version?: string; recorded?: string[] }) {
  const ws = join(dir, `ws-${++counter}`);
  await mkdir(join(ws, 'releases/1.0.0'), { recursive: true });
  await writeFile(join(ws, 'releases/1.0.0/openapi.json'), JSON.stringify(base, null, 2));
  const working = structuredClone(base);
  change(working);
  working.info.version = version;
  await writeFile(join(ws, 'openapi.yaml'), stringify(working));
  await writeFile(join(ws, 'CHANGELOG.md'), `# Changelog\n\n${recorded.map((v) => `## ${v}\n\n- changes\n`).join('\n')}`);
  return ['--working', join(ws, 'openapi.yaml'), '--releases', join(ws, 'releases'), '--changelog', join(ws, 'CHANGELOG.md')];
}

const narrowReason = (c: Contract) => (c.components.schemas.CredentialRevokedEvent.allOf[1].properties.data.properties.reason.enum = ['other']);

describe.concurrent('npm run spec:diff', { timeout: 60_000 }, () => {
  it('fails with a hint to freeze a release when there is none', async () => {
    const empty = join(dir, 'no-releases');
    await mkdir(empty, { recursive: true });
    const { code, stderr } = await run('spec-diff.mjs', ['--releases', empty]);
    expect(code).toBe(1);
    expect(stderr).toContain('no release in');
    expect(stderr).toContain('hint: freeze the contract once it is final with `node scripts/spec-release.mjs 1.0.0`');
  });

  it('passes and says so when the working contract equals the release', async () => {
    const { code, stdout } = await run('spec-diff.mjs', await workspace({}));
    expect(code).toBe(0);
    expect(stdout).toContain('✓ spec:diff: no changes since 1.0.0');
    expect(stdout).not.toMatch(/^(breaking|non-breaking):/m);
  });

  it('fails on a breaking webhook change without a major bump, naming the pointer and the fix', async () => {
    const { code, stdout, stderr } = await run('spec-diff.mjs', await workspace({ change: narrowReason }));
    expect(code).toBe(1);
    expect(stdout).toContain(
      "breaking: #/webhooks/credential.revoked/post/requestBody/content/application~1json/schema/properties/data/properties/reason/enum — `data.reason` lost values 'issued_in_error', 'misconduct'",
    );
    expect(stderr).toContain('× spec:diff: 1 breaking change since 1.0.0 without a major version bump (info.version is 1.0.0)');
    expect(stderr).toContain('hint: raise info.version to 2.0.0 and record it in spec/CHANGELOG.md, or restore');
  });

  it('fails on a breaking REST change with a minor bump', async () => {
    const { code, stdout } = await run(
      'spec-diff.mjs',
      await workspace({ change: (c) => delete c.paths['/v1/credentials/{credentialId}'].delete, version: '1.1.0', recorded: ['1.1.0', '1.0.0'] }),
    );
    expect(code).toBe(1);
    expect(stdout).toMatch(/^breaking: #\/paths\/~1v1~1credentials~1\{credentialId\}\/delete — .*\(operation-removed\)$/m);
  });

  it('passes a breaking change once the major version is raised and recorded', async () => {
    const { code, stdout } = await run('spec-diff.mjs', await workspace({ change: narrowReason, version: '2.0.0', recorded: ['2.0.0', '1.0.0'] }));
    expect(code).toBe(0);
    expect(stdout).toContain('✓ spec:diff: 1 breaking change allowed by the major bump 1.0.0 → 2.0.0');
  });

  it('fails a raised version that the changelog does not record', async () => {
    const { code, stderr } = await run('spec-diff.mjs', await workspace({ change: narrowReason, version: '2.0.0' }));
    expect(code).toBe(1);
    expect(stderr).toContain('info.version 2.0.0 is not recorded in spec/CHANGELOG.md');
  });

  it('passes a new event type and a new optional field as non-breaking', async () => {
    const change = (c: Contract) => {
      c.webhooks['credential.claimed'] = structuredClone(c.webhooks['credential.revoked']);
      c.components.schemas.CredentialRevokedEvent.allOf[1].properties.data.properties.revokedBy = { type: 'string' };
    };
    const { code, stdout } = await run('spec-diff.mjs', await workspace({ change, version: '1.1.0', recorded: ['1.1.0', '1.0.0'] }));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^non-breaking: #\/webhooks\/credential\.claimed — event type `credential\.claimed` was added/m);
    expect(stdout).toMatch(/^non-breaking: .*\/properties\/data\/properties\/revokedBy — optional field `data\.revokedBy` was added/m);
    expect(stdout).toContain('✓ spec:diff: 2 non-breaking changes since 1.0.0');
  });

  it('freezes a split contract with spec-release and finds no change against it', async () => {
    const releases = join(dir, 'split-releases');
    const split = 'test/spec/fixtures/lint/split/openapi.yaml';
    const frozen = await run('spec-release.mjs', ['1.0.0', '--working', split, '--releases', releases]);
    expect(frozen.code).toBe(0);
    const release = JSON.parse(await readFile(join(releases, '1.0.0/openapi.json'), 'utf8'));
    expect(release.paths['/v1/credentials/{credentialId}/revoke'].post.operationId).toBe('revokeCredential');

    const again = await run('spec-release.mjs', ['1.0.0', '--working', split, '--releases', releases]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists: a release is frozen once published');

    const { code, stdout } = await run('spec-diff.mjs', ['--working', split, '--releases', releases]);
    expect(code).toBe(0);
    expect(stdout).toContain('no changes since 1.0.0');
  });

  it('refuses to freeze a release whose version the contract does not declare', async () => {
    const { code, stderr } = await run('spec-release.mjs', ['2.0.0', '--working', 'test/spec/fixtures/lint/valid.yaml', '--releases', join(dir, 'unused')]);
    expect(code).toBe(1);
    expect(stderr).toContain('declares info.version 1.0.0, not 2.0.0');
  });
});

describe('the version verdict', () => {
  const breaking = [{ severity: 'breaking' as const }];
  const compatible = [{ severity: 'non-breaking' as const }];

  it('rejects a working version lower than the release', () => {
    expect(judge({ changes: [], releaseVersion: '1.2.0', workingVersion: '1.1.0', changelogVersions: [] }).verdict).toBe('bad-version');
  });

  it('rejects a version that is not semver', () => {
    expect(judge({ changes: [], releaseVersion: '1.0.0', workingVersion: 'v2', changelogVersions: [] }).verdict).toBe('bad-version');
  });

  it('accepts non-breaking changes without any version bump', () => {
    expect(judge({ changes: compatible, releaseVersion: '1.0.0', workingVersion: '1.0.0', changelogVersions: ['1.0.0'] }).verdict).toBe('compatible');
  });

  it('rejects breaking changes under a prerelease of the same major', () => {
    const verdict = judge({ changes: breaking, releaseVersion: '1.0.0', workingVersion: '1.5.0-rc.1', changelogVersions: ['1.5.0-rc.1'] });
    expect(verdict.verdict).toBe('breaking');
    expect(verdict.hint).toContain('raise info.version to 2.0.0');
  });

  it('reads the versions a changelog records', () => {
    expect(changelogVersions('# Changelog\n\n## [2.0.0] - 2027-01-01\n\n## 1.0.0 — 2026-11-22\n### Added\n')).toEqual(['2.0.0', '1.0.0']);
  });

  it('picks the newest release by semver, not by name', async () => {
    const releases = join(dir, 'ordering');
    for (const v of ['1.9.0', '1.10.0', 'draft']) {
      await mkdir(join(releases, v), { recursive: true });
      await writeFile(join(releases, v, 'openapi.json'), '{}');
    }
    await mkdir(join(releases, '2.0.0'), { recursive: true }); // no openapi.json yet: not a release
    expect((await newestRelease(releases))?.version).toBe('1.10.0');
    expect(await newestRelease(join(dir, 'missing'))).toBeUndefined();
  });
});
