export type GateVerdict = 'no-changes' | 'compatible' | 'breaking-allowed' | 'breaking' | 'bad-version' | 'not-in-changelog';
export declare function judge(input: {
  changes: Array<{ severity: 'breaking' | 'non-breaking' }>;
  releaseVersion: string;
  workingVersion: unknown;
  changelogVersions: string[];
}): { ok: boolean; verdict: GateVerdict; summary: string; hint?: string };
export declare function changelogVersions(markdown: string): string[];
