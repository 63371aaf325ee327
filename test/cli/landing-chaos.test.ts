// The landing page's promise about duplicates and reordering matches what `credkit mock` does by
// default: its --help (the command's own table) says whether chaos is on unless asked otherwise.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-ignore -- plain ESM page of the docs-site build
import { landingPage } from '../../docs/site/pages/landing.mjs';

const CLI = join(import.meta.dirname, '../../dist/cli/main.js');

/** The text of the landing page's "Develop against the mock" section, tags stripped. */
function mockSection(): string {
  const [index] = landingPage({ pkg: { description: 'credkit' }, events: { ok: false }, commands: [] }) as { path: string; content: string }[];
  const section = /<section class="job" id="develop-against-the-mock">([\s\S]*?)<\/section>/.exec(index!.content)![1]!;
  return section.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
}

describe('the landing page on chaos', () => {
  it('says duplicates and reordering happen by default, as `credkit mock --help` does, and how to turn them off', () => {
    const help = spawnSync(process.execPath, [CLI, 'mock', '--help'], { encoding: 'utf8', timeout: 20_000 }).stdout;
    const chaosLine = help.split('\n').find((l) => l.includes('--chaos '))!;
    expect(chaosLine).toMatch(/default: on\)$/);
    const text = mockSection();
    expect(text).not.toMatch(/when you ask for them/);
    expect(text).toMatch(/by default, sometimes duplicated or out of order/);
    expect(text).toContain('--chaos off');
  });
});
