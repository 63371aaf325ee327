// Step: spec/profiles/*.yaml → generated/profiles.ts (validated against spec/profile.schema.json).
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { banner, tsLiteral } from './util.mjs';

/** Reads and validates every profile; returns them sorted by name, the native `standard` first. */
export async function loadProfiles(root) {
  const dir = join(root, 'spec/profiles');
  const schema = JSON.parse(await readFile(join(root, 'spec/profile.schema.json'), 'utf8'));
  const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort();
  const profiles = [];
  for (const file of files) {
    const profile = parse(await readFile(join(dir, file), 'utf8'));
    if (!validate(profile)) {
      const detail = validate.errors.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
      throw new Error(`spec/profiles/${file} is not a valid wire profile: ${detail}`);
    }
    if (`${profile.name}.yaml` !== file) throw new Error(`spec/profiles/${file}: name must be "${file.replace(/\.yaml$/, '')}"`);
    profiles.push(profile);
  }
  profiles.sort((a, b) => (a.name === 'standard' ? -1 : b.name === 'standard' ? 1 : a.name.localeCompare(b.name)));
  return profiles;
}

const TYPES = `/** A wire profile: how one platform signs and delivers webhooks. Mirrors spec/profile.schema.json. */
export interface WireProfile {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly vendor: string | null;
  readonly headers: {
    readonly id: string | null;
    readonly timestamp: string | null;
    readonly signature: string;
    /** Further headers; values are templates over {eventName}, {type}, {id}. */
    readonly extra: Readonly<Record<string, string>>;
  };
  readonly signature: {
    readonly algorithm: 'hmac-sha256';
    readonly encoding: 'base64' | 'hex';
    readonly signedContent: '{id}.{timestamp}.{body}' | '{timestamp}.{body}' | '{body}';
    readonly headerFormat: 'versioned-list' | 'stripe' | 'bare';
    readonly version: string | null;
    readonly multiple: boolean;
  };
  readonly secret: { readonly prefix: string; readonly keyEncoding: 'base64' | 'utf8'; readonly bytes: number };
  readonly timestamp: {
    readonly location: 'header' | 'signature' | 'none';
    readonly toleranceInSeconds: number | null;
    readonly rejectFuture: boolean;
  };
  readonly handshake: null | {
    readonly method: 'GET';
    readonly queryParameter: string;
    readonly expectStatus: number;
    readonly expectBody: 'echo';
    readonly expectContentType: string;
    readonly expectHeaders: Readonly<Record<string, string>>;
    readonly timeoutInSeconds: number;
  };
  readonly envelope: {
    readonly kind: 'native' | 'certn';
    /** Native event type → this profile's event name; a type not listed keeps its native name. */
    readonly eventNames: Readonly<Record<string, string>>;
    readonly vendorNames?: readonly string[];
  };
  readonly retry: { readonly scheduleInSeconds: readonly number[]; readonly jitterRatio: number; readonly source: string };
  readonly responseBudgetInSeconds: number;
}
`;

export default async function profilesStep(ctx) {
  const { root } = ctx;
  const profiles = await loadProfiles(root);
  ctx.profiles = profiles;
  const names = profiles.map((p) => p.name);
  const body = [
    banner('spec/profiles/*.yaml'),
    TYPES,
    `/** The names of every wire profile, the native one first. */`,
    `export const profileNames = ${tsLiteral(names)} as const;`,
    ``,
    `/** A wire profile's name. */`,
    `export type ProfileName = (typeof profileNames)[number];`,
    ``,
    `/** Every wire profile, by name. */`,
    `export const profiles: Readonly<Record<ProfileName, WireProfile>> = ${tsLiteral(Object.fromEntries(profiles.map((p) => [p.name, p])))};`,
    ``,
  ].join('\n');
  return [{ path: 'generated/profiles.ts', content: body }];
}
