// The TypeScript on the Quickstart and client pages compiles as written: every ```ts block is written
// to a temporary project (the tsconfig the Install page recommends, made stricter, with `credkit/*`
// resolved to this repository's built types through package.json's exports) and type-checked by tsc
// in a child process. Negative controls, made from the same blocks with one name misspelt, must fail,
// so the check cannot pass by resolving everything to `any`. Every `npx credkit <command> --flag` the
// pages name must exist in the real CLI.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-ignore -- plain ESM helper (also used by the package test inside an installed consumer project)
import { codeBlocks } from './code-blocks.mjs';

interface CodeBlock {
  page: string;
  index: number;
  lang: string;
  filename: string;
  code: string;
}

const root = join(import.meta.dirname, '../..');
const guides = join(root, 'docs/guides');
const CLI = join(root, 'dist/cli/main.js');
const compiledPages = ['quickstart', 'client'];
const blocksOf = (page: string) => (codeBlocks(join(guides, `${page}.md`)) as CodeBlock[]);
const tsBlocks = compiledPages.flatMap(blocksOf).filter((b) => b.lang === 'ts');

/** `credkit/<subpath>` → the built .d.ts (or file) its `types` condition names, from package.json's exports. */
function typesPaths(): Record<string, string[]> {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; exports: Record<string, unknown> };
  const typesOf = (target: unknown): string | undefined => {
    if (typeof target === 'string') return target.endsWith('.d.ts') || target.endsWith('.json') ? target : undefined;
    if (target === null || typeof target !== 'object') return undefined;
    const conditions = target as Record<string, unknown>;
    return typesOf(conditions.types) ?? Object.values(conditions).map(typesOf).find((t) => t !== undefined);
  };
  const paths: Record<string, string[]> = {};
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    const types = typesOf(target);
    if (types !== undefined && subpath !== './package.json') paths[`${pkg.name}${subpath.slice(1)}`] = [join(root, types)];
  }
  return paths;
}

/** The compilerOptions of the Install page's tsconfig block: the settings integrators are told work. */
function recommendedCompilerOptions(): Record<string, unknown> {
  const block = blocksOf('install').find((b) => b.lang === 'json' && b.code.includes('compilerOptions'));
  if (!block) throw new Error('docs/guides/install.md has no ```json tsconfig block');
  return (JSON.parse(block.code) as { compilerOptions: Record<string, unknown> }).compilerOptions;
}

const work = mkdtempSync(join(tmpdir(), 'credkit-guide-blocks-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Writes the files, type-checks them together, and returns tsc's diagnostics per file. */
function typeCheck(files: Record<string, string>): { status: number | null; output: string; errorsIn: (file: string) => string[] } {
  for (const [file, code] of Object.entries(files)) {
    mkdirSync(dirname(join(work, file)), { recursive: true });
    writeFileSync(join(work, file), code);
  }
  // Top-level await and `import` in .ts files: an ES module project, as the Quickstart sets up.
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'guide-blocks', private: true, type: 'module' }));
  const tsconfig = {
    compilerOptions: {
      ...recommendedCompilerOptions(),
      noEmit: true,
      // The pages run these files with Node's type stripping: only erasable syntax is allowed.
      erasableSyntaxOnly: true,
      // What `tsc --init` (TypeScript 5.9) adds: the examples must hold under a new project's defaults too.
      exactOptionalPropertyTypes: true,
      typeRoots: [join(root, 'node_modules/@types')],
      paths: typesPaths(),
    },
    files: Object.keys(files),
  };
  writeFileSync(join(work, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  const r = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(work, 'tsconfig.json'), '--pretty', 'false'], { cwd: work, encoding: 'utf8', timeout: 120_000 });
  const output = `${r.stdout}${r.stderr}`;
  const lines = output.split('\n').filter((l) => /error TS\d+/.test(l));
  return { status: r.status, output, errorsIn: (file) => lines.filter((l) => l.startsWith(file)) };
}

describe('the code blocks of the Quickstart and the client page', () => {
  it('are found: a receiver and a client call on the Quickstart, one program per topic on the client page', () => {
    expect(tsBlocks.filter((b) => b.page === 'quickstart').map((b) => b.filename)).toEqual(['receiver.ts', 'revoke.ts']);
    expect(tsBlocks.filter((b) => b.page === 'client').length).toBeGreaterThanOrEqual(6);
    const names = tsBlocks.map((b) => `${b.page}/${b.filename}`);
    expect(new Set(names).size, 'every block names its own file').toBe(names.length);
  });

  it('are checked under the settings the Install page recommends, at least as strict as the issue asks', () => {
    expect(recommendedCompilerOptions()).toMatchObject({ strict: true, noUncheckedIndexedAccess: true, moduleResolution: 'nodenext', skipLibCheck: false });
    expect(Object.keys(typesPaths())).toEqual(expect.arrayContaining(['credkit/client', 'credkit/webhooks', 'credkit/msw', 'credkit/mock-server', 'credkit/conformance']));
  });

  it('compile with no error, and the same blocks with a misspelt event type or API path do not', () => {
    if (!existsSync(join(root, 'dist/webhooks/index.d.ts'))) throw new Error('dist/ is not built: run `npm run build` first (npm test does)');
    const files: Record<string, string> = {};
    for (const b of tsBlocks) files[`${b.page}/${b.filename}`] = b.code;
    const receiver = files['quickstart/receiver.ts'] ?? '';
    const revoke = files['quickstart/revoke.ts'] ?? '';
    const misspelt = {
      'negative/receiver.ts': receiver.replace("'credential.revoked'", "'credential.revokd'"),
      'negative/revoke.ts': revoke.replace("'/v1/credentials'", "'/v1/credentialz'"),
    };
    expect(misspelt['negative/receiver.ts']).not.toBe(receiver);
    expect(misspelt['negative/revoke.ts']).not.toBe(revoke);

    const { output, errorsIn } = typeCheck({ ...files, ...misspelt });
    for (const file of Object.keys(files)) expect(errorsIn(file), `${file} must compile:\n${output}`).toEqual([]);
    expect(errorsIn('negative/receiver.ts').join('\n'), output).toContain('credential.revokd');
    expect(errorsIn('negative/revoke.ts').join('\n'), output).toContain('/v1/credentialz');
  }, 180_000);
});

describe('the credkit commands the Quickstart, client and Install pages name', () => {
  /** Every `npx credkit <command> …` on the pages (code blocks and inline code), with the --flags it uses. */
  const invocations = ['quickstart', 'client', 'install'].flatMap((page) =>
    [...readFileSync(join(guides, `${page}.md`), 'utf8').matchAll(/npx credkit ([a-z][\w-]*)([^\n`|;&)]*)/g)].map((m) => ({
      page,
      command: m[1] as string,
      flags: [...(m[2] ?? '').matchAll(/(?:^|\s)(--[a-z][\w-]*)/g)].map((f) => f[1] as string),
    })),
  );

  it('include the secret, mock, trigger and conformance commands', () => {
    expect(new Set(invocations.map((i) => i.command))).toEqual(new Set(['secret', 'mock', 'trigger', 'conformance', 'docs']));
  });

  it.each([...new Set(invocations.map((i) => i.command))])('credkit %s exists and has every flag the pages pass it', (command) => {
    const help = spawnSync(process.execPath, [CLI, command, '--help'], { encoding: 'utf8', timeout: 20_000 });
    expect(help.status, help.stderr).toBe(0);
    const flags = new Set(invocations.filter((i) => i.command === command).flatMap((i) => i.flags));
    for (const flag of flags) expect(help.stdout, `credkit ${command} ${flag}`).toContain(`${flag} `);
  });
});
