import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('webhooks/ dependencies', () => {
  it('imports nothing but node:crypto, its own files and generated/ (integrators ship it)', () => {
    const dir = new URL('./', import.meta.url);
    const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.test-d.ts'));
    expect(sources.length).toBeGreaterThan(5);
    for (const file of sources) {
      const text = readFileSync(new URL(file, dir), 'utf8');
      const specifiers = [...text.matchAll(/^(?:import|export)[^'"]*from '([^']+)'/gm)].map((m) => m[1] as string);
      for (const specifier of specifiers) {
        const allowed = specifier === 'node:crypto' || specifier === 'node:http' || specifier.startsWith('./') || specifier.startsWith('../generated/');
        expect(allowed, `${file} imports ${specifier}`).toBe(true);
      }
      // node:http is only ever a type import (IncomingMessage), erased at build time.
      if (text.includes("'node:http'")) expect(text, file).toMatch(/^import type \{[^}]*\} from 'node:http';$/m);
    }
  });
});
