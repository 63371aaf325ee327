// Page modules against small source fixtures: each starts from a valid source and changes one thing.
import { describe, expect, it } from 'vitest';
import { profileNames, profiles } from '../../../generated/profiles.js';
// @ts-ignore -- plain ESM modules of the docs build (docs/ is outside the TypeScript project)
import { benchmarksPage } from './benchmarks.mjs';
// @ts-ignore
import { checksPage } from './checks.mjs';
// @ts-ignore
import { eventsPage } from './events.mjs';

type Files = { path: string; content: string }[];
const missing = (what: string) => ({ ok: false, what, reason: `${what} does not exist yet`, hint: 'rebuild once it lands' });

const verifyResult = {
  name: 'verify',
  command: 'npm run bench verify',
  date: '2026-11-22',
  metrics: [{ label: 'credkit verify', value: 412000, unit: 'ops/s' }],
  ratios: [
    { label: 'credkit / standardwebhooks', value: 3.4, target: '≥ 3', pass: true },
    { label: 'credkit / bare node:crypto', value: 0.6, target: '≥ 0.75', pass: false },
  ],
};

const baseSources = { profiles, profileNames: [...profileNames], events: missing('generated/events.ts'), openapi: missing('generated/openapi.json'), checks: missing('conformance/catalog.ts'), benchmarks: [] };

describe('benchmarks page', () => {
  it('shows each ratio with its target and verdict, and the command that reproduces it', () => {
    const [file] = benchmarksPage({ ...baseSources, benchmarks: [{ name: 'verify', result: verifyResult }] }) as Files;
    expect(file?.content).toContain('<code>npm run bench verify</code>');
    expect(file?.content).toContain('<td class="pass">✓ meets target</td>');
    expect(file?.content).toContain('<td class="fail">× below target</td>');
    expect(file?.content).toContain('412,000 ops/s');
  });

  it('says "not measured yet" with the command when a benchmark has no results file', () => {
    const [file] = benchmarksPage({ ...baseSources, benchmarks: [{ name: 'mock-api', result: null }] }) as Files;
    expect(file?.content).toContain('Not measured yet.');
    expect(file?.content).toContain('<code>npm run bench mock-api</code>');
  });
});

describe('checks page', () => {
  const check = { id: 'signature.valid', title: 'Accepts a correctly signed delivery', why: 'Genuine deliveries must pass.', fix: 'verify the `raw` body', docsAnchor: 'signature.valid', sends: 'one signed event', needsProbe: false, appliesTo: () => true };

  it('gives each check an anchor named by its id, with what it sends, why and the fix', () => {
    const [file] = checksPage({ ...baseSources, checks: { ok: true, value: [check] } }) as Files;
    expect(file?.content).toContain('<section class="entry check" id="signature.valid">');
    expect(file?.content).toContain('verify the <code>raw</code> body');
    expect(file?.content).toContain('one signed event');
    expect(file?.content).toContain('every profile');
  });

  it('lists the profiles a check does not apply to with the reason the check gives', () => {
    const handshake = { ...check, id: 'handshake.challenge', appliesTo: (p: { handshake: unknown; name: string }) => (p.handshake ? true : `the ${p.name} profile has no handshake`) };
    const [file] = checksPage({ ...baseSources, checks: { ok: true, value: [handshake] } }) as Files;
    expect(file?.content).toContain('the standard profile has no handshake');
    expect(file?.content).toContain('<a href="profiles.html#certn"><code>certn</code></a>');
  });

  it('says plainly that the registry is missing instead of showing an empty catalog', () => {
    const [file] = checksPage(baseSources) as Files;
    expect(file?.content).toContain('Not available in this build');
    expect(file?.content).toContain('conformance/catalog.ts');
  });
});

describe('events page', () => {
  it('says plainly that the event catalog is missing', () => {
    const [file] = eventsPage(baseSources) as Files;
    expect(file?.content).toContain('Not available in this build');
    expect(file?.content).toContain('generated/events.ts');
  });

  it('names an event in each profile that renames it, marking the vendor’s own names', () => {
    const catalog = { 'case.status_changed': { family: 'screening cases', object: 'case', summary: 'A case changed status', description: 'By `id`.', emittedBy: ['POST /v1/cases'], transitions: ['open → closed'], example: { id: 'evt_1' } } };
    const [file] = eventsPage({ ...baseSources, events: { ok: true, value: { eventTypes: ['case.status_changed'], eventCatalog: catalog } } }) as Files;
    expect(file?.content).toContain('<code>CASE_STATUS_CHANGED</code>');
    expect(file?.content).toContain('Certn’s own name');
    expect(file?.content).toContain('<code>open → closed</code>');
    expect(file?.content).toContain('By <code>id</code>.');
  });
});
