// What a page shows when one of its sources does not exist yet: said plainly, with the fix.
import { html } from './html.mjs';

/**
 * A visible notice that a page's source is missing (never an empty or invented page).
 * @example missingNotice({ ok: false, what: 'generated/events.ts', reason: '…', hint: '…' })
 * @param {{ what: string; reason: string; hint: string }} source
 */
export function missingNotice(source) {
  return html`<div class="notice missing" role="note"><p><strong>Not available in this build:</strong> ${source.reason}.</p><p>This page is generated from <code>${source.what}</code>; ${source.hint}.</p></div>`;
}
