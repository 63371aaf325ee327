// Retry arithmetic over a wire profile's schedule (spec/profiles/*.yaml `retry`): when each attempt
// happens, the jitter window around it, and the horizon after which no retry of an event can arrive.
// The idempotency guide's dedupe TTL and the profiles page's timeline both read this.
import { escapeHtml, formatDuration } from './html.mjs';

const DAY_IN_SECONDS = 86_400;

/**
 * Every delivery attempt of one event under a profile: attempt 1 at t = 0, then one per delay.
 * `earliest`/`latest` widen each delay by the profile's jitter ratio; `latest` also counts the
 * response budget each earlier attempt may use before it times out.
 * @example retryAttempts(profiles.compliancely).map((a) => a.at) // [0, 180, 540]
 * @param {import('./types.mjs').WireProfile} profile
 */
export function retryAttempts(profile) {
  const { scheduleInSeconds, jitterRatio } = profile.retry;
  const attempts = [{ attempt: 1, delay: 0, at: 0, earliest: 0, latest: 0 }];
  for (const [i, delay] of scheduleInSeconds.entries()) {
    const prev = /** @type {(typeof attempts)[number]} */ (attempts[i]);
    attempts.push({
      attempt: i + 2,
      delay,
      at: prev.at + delay,
      earliest: prev.earliest + delay * (1 - jitterRatio),
      latest: prev.latest + profile.responseBudgetInSeconds + delay * (1 + jitterRatio),
    });
  }
  return attempts;
}

/**
 * The latest moment, in seconds after the first attempt, a retry of one event can still arrive.
 * @example retryHorizonInSeconds(profiles.standard) // ≈ 109 300 (about 30 h)
 * @param {import('./types.mjs').WireProfile} profile
 */
export function retryHorizonInSeconds(profile) {
  const attempts = retryAttempts(profile);
  const last = /** @type {(typeof attempts)[number]} */ (attempts[attempts.length - 1]);
  return last.latest + profile.responseBudgetInSeconds;
}

/**
 * How long a receiver should remember event ids: the longest horizon of any profile, rounded up to
 * whole days, plus one day for a delivery an operator replays by hand after the schedule ran out.
 * @example dedupeTtlInDays(Object.values(profiles)) // 5
 * @param {readonly import('./types.mjs').WireProfile[]} all
 */
export function dedupeTtlInDays(all) {
  const longest = Math.max(...all.map(retryHorizonInSeconds));
  return Math.ceil(longest / DAY_IN_SECONDS) + 1;
}

/** Tick marks of the timeline's log axis. */
const ticks = /** @type {const} */ ([
  [1, '1 s'],
  [60, '1 min'],
  [600, '10 min'],
  [3600, '1 h'],
  [6 * 3600, '6 h'],
  [DAY_IN_SECONDS, '1 d'],
  [3 * DAY_IN_SECONDS, '3 d'],
  [7 * DAY_IN_SECONDS, '7 d'],
]);

/**
 * An SVG timeline of a profile's attempts on a log time axis (delays run from seconds to days, so a
 * linear axis would pile the first attempts into one dot). Pass the same `scaleMaxInSeconds` to every
 * profile's timeline so they can be compared.
 * @example retryTimelineSvg(profiles.certn, { scaleMaxInSeconds: 400_000 })
 * @param {import('./types.mjs').WireProfile} profile
 * @param {{ scaleMaxInSeconds?: number; width?: number }} [options]
 */
export function retryTimelineSvg(profile, { scaleMaxInSeconds = retryHorizonInSeconds(profile), width = 760 } = {}) {
  const left = 24;
  const right = 24;
  const height = 96;
  const axisY = 58;
  const span = width - left - right;
  const x = (/** @type {number} */ t) => left + (span * Math.log10(1 + t)) / Math.log10(1 + scaleMaxInSeconds);
  const attempts = retryAttempts(profile);
  const id = `timeline-${profile.name}`;
  const description = attempts.map((a) => `attempt ${a.attempt} at ${a.at === 0 ? '0 s' : formatDuration(a.at)}`).join(', ');
  const parts = [];
  parts.push(`<line x1="${left}" y1="${axisY}" x2="${width - right}" y2="${axisY}" class="axis"/>`);
  for (const [t, label] of ticks) {
    if (t > scaleMaxInSeconds) continue;
    const tx = x(t).toFixed(1);
    parts.push(`<line x1="${tx}" y1="${axisY - 4}" x2="${tx}" y2="${axisY + 4}" class="tick"/>`);
    parts.push(`<text x="${tx}" y="${axisY + 20}" class="tick-label" text-anchor="middle">${label}</text>`);
  }
  for (const a of attempts) {
    if (a.latest > a.earliest) {
      const x1 = x(a.earliest);
      const x2 = x(a.latest);
      parts.push(`<rect x="${x1.toFixed(1)}" y="${axisY - 7}" width="${Math.max(2, x2 - x1).toFixed(1)}" height="14" rx="3" class="jitter"/>`);
    }
  }
  attempts.forEach((a, i) => {
    const ax = x(a.at).toFixed(1);
    // Labels alternate above the axis at two heights so close attempts stay readable.
    const ly = i % 2 === 0 ? axisY - 14 : axisY - 28;
    parts.push(`<circle cx="${ax}" cy="${axisY}" r="5" class="attempt${i === 0 ? ' first' : ''}"><title>attempt ${a.attempt}: ${a.at === 0 ? 'first delivery' : `${formatDuration(a.at)} after the first`}</title></circle>`);
    parts.push(`<text x="${ax}" y="${ly}" class="attempt-label" text-anchor="middle">${a.attempt}</text>`);
  });
  return `<svg class="timeline" id="${id}" role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${width} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg">
<title id="${id}-title">Retry timeline of the ${escapeHtml(profile.title)} profile (log scale)</title>
<desc id="${id}-desc">${escapeHtml(description)}</desc>
${parts.join('\n')}
</svg>`;
}
