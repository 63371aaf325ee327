// The verdict of the breaking-change gate: given the changes and both versions, pass or fail, and why.
import { compareSemver, parseSemver } from './semver.mjs';

/**
 * Decides the gate. Breaking changes pass only when the working major is above the release's;
 * a version that is not semver or goes backwards fails; a raised version must be in the changelog.
 * @example
 *   const v = judge({ changes, releaseVersion: '1.0.0', workingVersion: '1.1.0', changelogVersions: ['1.1.0', '1.0.0'] });
 *   if (!v.ok) console.error(v.summary, '\nhint:', v.hint);
 * @param {{ changes: Array<{ severity: 'breaking' | 'non-breaking' }>, releaseVersion: string, workingVersion: unknown, changelogVersions: string[] }} input
 * @returns {{ ok: boolean, verdict: 'no-changes' | 'compatible' | 'breaking-allowed' | 'breaking' | 'bad-version' | 'not-in-changelog', summary: string, hint?: string }}
 */
export function judge({ changes, releaseVersion, workingVersion, changelogVersions }) {
  const breaking = changes.filter((c) => c.severity === 'breaking').length;
  const compatible = changes.length - breaking;
  const release = parseSemver(releaseVersion);
  const working = parseSemver(workingVersion);
  if (!release || !working) {
    return {
      ok: false,
      verdict: 'bad-version',
      summary: `info.version must be semver (release ${releaseVersion}, working ${String(workingVersion)})`,
      hint: 'set info.version in spec/openapi.yaml to MAJOR.MINOR.PATCH, e.g. 1.1.0',
    };
  }
  if (compareSemver(working, release) < 0) {
    return {
      ok: false,
      verdict: 'bad-version',
      summary: `info.version ${working.raw} is lower than the newest release ${release.raw}`,
      hint: `raise info.version above ${release.raw}`,
    };
  }
  const nextMajor = `${release.major + 1}.0.0`;
  if (breaking > 0 && working.major <= release.major) {
    return {
      ok: false,
      verdict: 'breaking',
      summary: `${breaking} breaking change${breaking === 1 ? '' : 's'} since ${release.raw} without a major version bump (info.version is ${working.raw})`,
      hint: `raise info.version to ${nextMajor} and record it in spec/CHANGELOG.md, or restore what each \`breaking:\` line names`,
    };
  }
  if (compareSemver(working, release) > 0 && !changelogVersions.includes(working.raw)) {
    return {
      ok: false,
      verdict: 'not-in-changelog',
      summary: `info.version ${working.raw} is not recorded in spec/CHANGELOG.md`,
      hint: `add a \`## ${working.raw}\` section to spec/CHANGELOG.md listing the changes above`,
    };
  }
  if (changes.length === 0) return { ok: true, verdict: 'no-changes', summary: `no changes since ${release.raw}` };
  if (breaking > 0) {
    return {
      ok: true,
      verdict: 'breaking-allowed',
      summary: `${breaking} breaking change${breaking === 1 ? '' : 's'} allowed by the major bump ${release.raw} → ${working.raw}`,
    };
  }
  return { ok: true, verdict: 'compatible', summary: `${compatible} non-breaking change${compatible === 1 ? '' : 's'} since ${release.raw}` };
}

/**
 * The versions a changelog records: every `## 1.2.3` or `## [1.2.3]` heading.
 * @example changelogVersions('## 1.0.0 — 2026-11-22\n') // ['1.0.0']
 * @param {string} markdown
 */
export function changelogVersions(markdown) {
  return [...markdown.matchAll(/^##\s+\[?v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\]?/gm)].map((m) => /** @type {string} */ (m[1]));
}
