// The little semver credkit needs: parse, compare, and "was the major raised?".

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/**
 * Parses `1.2.3` (or `1.2.3-rc.1`); undefined when it is not semver.
 * @example parseSemver('2.0.0') // { major: 2, minor: 0, patch: 0, prerelease: undefined, raw: '2.0.0' }
 * @param {unknown} text
 */
export function parseSemver(text) {
  const m = typeof text === 'string' ? SEMVER.exec(text.trim()) : null;
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), prerelease: m[4], raw: text.trim() };
}

/**
 * Orders two parsed versions; a prerelease sorts before its release.
 * @example compareSemver(parseSemver('1.10.0'), parseSemver('1.9.0')) > 0
 */
export function compareSemver(a, b) {
  for (const part of ['major', 'minor', 'patch']) {
    if (a[part] !== b[part]) return a[part] - b[part];
  }
  if (a.prerelease === b.prerelease) return 0;
  if (a.prerelease === undefined) return 1;
  if (b.prerelease === undefined) return -1;
  return a.prerelease < b.prerelease ? -1 : 1;
}
