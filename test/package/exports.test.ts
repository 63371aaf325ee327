// Every subpath of the package's `exports` resolves to built code with its public API, and the
// `credkit` bin answers: what an integrator gets from `npm install credkit` (npm test builds first).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const run = promisify(execFile);

const PUBLIC_API: Record<string, string[]> = {
  'credkit/client': ['createClient', 'paginate'],
  'credkit/webhooks': ['sign', 'verify', 'generateSecret', 'parseEvent', 'verifyRequest', 'verifyNodeRequest', 'WebhookVerificationError'],
  'credkit/msw': ['createHandlers'],
  'credkit/mock-server': ['createMockPlatform', 'startMockServer'],
  'credkit/conformance': ['runConformance', 'getCheck'],
};

describe('the package', () => {
  it('has one export per consumer role, each with types first', () => {
    for (const subpath of Object.keys(PUBLIC_API)) {
      const entry = pkg.exports[subpath.replace('credkit', '.')];
      expect(entry, subpath).toBeDefined();
      expect(Object.keys(entry)[0], `${subpath}: "types" must come first`).toBe('types');
    }
  });

  it.each(Object.entries(PUBLIC_API))('%s resolves to built code exporting its public API', async (subpath, names) => {
    const mod = await import(subpath);
    for (const name of names) expect(typeof mod[name], `${subpath} ${name}`).toBe('function');
  });

  it('runs the credkit bin with --help and --version', async () => {
    const bin = new URL(`../../${pkg.bin.credkit}`, import.meta.url).pathname;
    const help = await run(process.execPath, [bin, '--help']);
    for (const command of ['mock', 'trigger', 'deliveries', 'conformance', 'contract', 'secret', 'docs']) expect(help.stdout).toContain(command);
    const version = await run(process.execPath, [bin, '--version']);
    expect(version.stdout.trim()).toBe(pkg.version);
  });

  it('pins every dependency exactly and claims exactly the Node majors .ci/run tests', () => {
    // .ci/run runs the suite on this machine's Node 20 and on each of OTHER_NODES.
    const ci = readFileSync(new URL('../../.ci/run', import.meta.url), 'utf8');
    const others = /OTHER_NODES="\$\{CREDKIT_OTHER_NODES-([\d ]+)\}"/.exec(ci)?.[1]?.split(' ') ?? [];
    expect(others.length).toBeGreaterThan(0);
    const majors = pkg.engines.node.split(' || ').map((r: string) => /^\^(\d+)\./.exec(r)?.[1]);
    expect(majors).toEqual(['20', ...others]);
    const sdk = JSON.parse(readFileSync(new URL('../../packages/sdk/package.json', import.meta.url), 'utf8'));
    expect(sdk.engines.node).toBe(pkg.engines.node);
    for (const [name, range] of Object.entries<string>({ ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.devDependencies })) {
      expect(range, name).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });
});
