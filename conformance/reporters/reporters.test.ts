import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../check.js';
import type { ConformanceReport } from '../run.js';
import { createProgressPrinter, formatDefaultReport } from './default.js';
import { formatGithubAnnotations, formatGithubSummary } from './github.js';
import { formatJsonReport } from './json.js';
import { escapeXml, formatJunitReport } from './junit.js';
import { createPaint, shouldUseColor } from './symbols.js';

const passed: CheckResult = { id: 'signature.valid', title: 'Accepts a correctly signed delivery', status: 'passed', message: 'accepted', hint: '', durationMs: 3, evidence: [], why: 'why', docsUrl: 'checks.html#signature.valid' };
const failed: CheckResult = {
  id: 'compat.unknown-type',
  title: 'Acknowledges event types it does not know',
  status: 'failed',
  message: 'answered 500 to unknown type credential.suspended; expected a 2xx, 100% <sure> & "so"',
  hint: 'answer 2xx, ignore it: a, b',
  durationMs: 7,
  // A hostile receiver's body: control characters, a lone surrogate, markup.
  evidence: [{ sent: 'POST /webhooks', received: '500 after 2 ms: <html>\u0000\u0007\uD800 ]]> </html>' }],
  why: 'new types appear',
  docsUrl: 'checks.html#compat.unknown-type',
};
const report: ConformanceReport = {
  profile: 'standard',
  url: 'http://127.0.0.1:3000/webhooks',
  probe: null,
  budgetMs: 10_000,
  startedAt: '2026-11-22T10:00:00.000Z',
  durationMs: 1234,
  upperBoundMs: 99_000,
  summary: { passed: 1, failed: 1, skipped: 0, notApplicable: 0 },
  results: [passed, failed],
};

describe('reporters', () => {
  it('junit escapes markup and drops characters XML cannot carry', () => {
    const xml = formatJunitReport(report);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(escapeXml('a<b>&"c"\u0000')).toBe('a&lt;b&gt;&amp;&quot;c&quot;\uFFFD');
  });

  it('json has exactly the documented fields', () => {
    const json = JSON.parse(formatJsonReport(report)) as { checks: Record<string, unknown>[] };
    expect(json).toEqual({
      summary: { passed: 1, failed: 1, skipped: 0, notApplicable: 0 },
      checks: [
        { id: 'signature.valid', status: 'passed', message: 'accepted', hint: '', durationMs: 3 },
        { id: 'compat.unknown-type', status: 'failed', message: failed.message, hint: failed.hint, durationMs: 7 },
      ],
    });
  });

  it('github escapes workflow-command data and properties and tables the summary', () => {
    const out = formatGithubAnnotations(report);
    expect(out).toMatch(/^::error title=credkit conformance%3A compat\.unknown-type::answered 500 .*100%25 .*%0Afix: answer 2xx, ignore it: a, b%0Adocs: /m);
    expect(formatGithubSummary(report)).toMatch(/\| × \| `compat\.unknown-type` Acknowledges/);
    expect(formatGithubSummary(report)).toContain('Docs: `checks.html#compat.unknown-type` (`npx credkit docs checks.html#compat.unknown-type`)');
  });

  it('the default report shows the failure in full, without colour when asked', () => {
    const text = formatDefaultReport(report, { color: false });
    expect(text).toMatch(/✓ signature\.valid/);
    expect(text).toMatch(/what happened: answered 500/);
    expect(text).toMatch(/came back: +500 after 2 ms/);
    expect(text).toMatch(/fix: answer 2xx/);
    // The docs site ships with the package: the page, and the command that serves it.
    expect(text).toContain('docs: checks.html#compat.unknown-type (run `npx credkit docs checks.html#compat.unknown-type`)');
    expect(text).toMatch(/1 passed, 1 failed, 0 skipped, 0 not applicable in 1\.2 s/);
    expect(text).not.toMatch(/\u001b\[/);
  });

  it('prints progress in catalog order even when results arrive out of order', () => {
    const lines: string[] = [];
    const printer = createProgressPrinter({ ids: ['signature.valid', 'compat.unknown-type'], write: (t) => lines.push(t), paint: createPaint(false) });
    printer.onCheckEnd(failed);
    expect(lines).toEqual([]);
    printer.onCheckEnd(passed);
    expect(lines.map((l) => l.trim().slice(0, 1))).toEqual(['✓', '×']);
  });

  it('colours only a TTY outside CI, and never with NO_COLOR', () => {
    expect(shouldUseColor({ isTTY: true }, {})).toBe(true);
    expect(shouldUseColor({ isTTY: true }, { CI: 'true' })).toBe(false);
    expect(shouldUseColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(shouldUseColor({ isTTY: false }, {})).toBe(false);
  });
});
