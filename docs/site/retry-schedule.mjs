// The profiles page's retry timeline. The arithmetic (when each attempt happens, the jitter window,
// the Retry-After cap and the horizon) is webhooks/retry-schedule.ts, the module the mock's engine
// schedules with, loaded from dist/ like every other source of the site: the docs render, never recompute.
import { dedupeTtlInDays, MAX_RETRY_AFTER_IN_SECONDS, retryAttempts, retryHorizonInSeconds } from '../../dist/webhooks/retry-schedule.js';
import { escapeHtml, formatDuration } from './html.mjs';

export { dedupeTtlInDays, MAX_RETRY_AFTER_IN_SECONDS, retryAttempts, retryHorizonInSeconds };

const DAY_IN_SECONDS = 86_400;

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
