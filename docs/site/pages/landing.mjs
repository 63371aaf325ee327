// index.html: what credkit is, the two commands, and the four jobs an integrator comes for, each
// with a short example. Command lines come from the CLI's own tables where they exist.
import { html } from '../html.mjs';
import { page } from '../layout.mjs';
import { isPlaceholder } from './cli.mjs';

/**
 * The first example of a command's table, or the fallback while the command is not built.
 * @param {import('../sources.mjs').Sources} sources
 * @param {string} name
 * @param {string} fallback
 */
function commandExample(sources, name, fallback) {
  const c = sources.commands.find((x) => x.name === name);
  return c && !isPlaceholder(c) && c.examples && c.examples.length > 0 ? c.examples.slice(0, 2).join('\n') : fallback;
}

/**
 * @param {import('../sources.mjs').Sources} sources
 */
export function landingPage(sources) {
  const revoked = sources.events.ok ? sources.events.value.eventCatalog['credential.revoked']?.example : undefined;
  const eventCount = sources.events.ok ? sources.events.value.eventTypes.length : null;
  const body = html`<h1>credkit</h1>
<p class="lead">${sources.pkg.description}</p>
<p>One versioned contract (OpenAPI 3.1, with every webhook) drives everything here: this site, the typed client, the
webhook helpers, the stateful mock platform and the conformance suite. Nothing on this site is written by hand where the
contract or the code can say it.</p>

<h2 id="two-commands">Two commands</h2>
<div class="commands">
<div><pre><code>npm i -D credkit
npx credkit mock</code></pre><p>Installs the development kit and starts the mock platform: the real API behaviour, and signed webhooks pushed to your receiver.</p></div>
<div><pre><code>npm i @credkit/sdk</code></pre><p>What production code imports: the webhook helpers and the typed client, with no native module. See <a href="guides/install.html">Install</a>.</p></div>
</div>

<h2 id="four-jobs">Four jobs</h2>
<div class="jobs">
<section class="job" id="read-the-reference">
<h3>1. Read the reference</h3>
<p>The <a href="api.html">API reference</a> covers every operation and webhook; the <a href="events.html">events reference</a>
details ${eventCount === null ? 'every event type' : `all ${eventCount} event types`}: payload, example, what emits it, and its name per <a href="profiles.html">wire profile</a>.</p>
${revoked ? html`<pre><code class="language-json">${JSON.stringify(revoked, null, 2)}</code></pre>` : ''}
</section>
<section class="job" id="import-the-client">
<h3>2. Import the client and the webhook helpers</h3>
<p>Typed from the contract: <code>credkit/client</code> calls the API; <code>credkit/webhooks</code> verifies a delivery and returns a typed event.</p>
<pre><code class="language-ts">import express from 'express';
import { verifyNodeRequest } from 'credkit/webhooks';

// The raw body, never express.json(): the signature covers the exact bytes.
app.post('/webhooks', express.raw({ type: 'application/json' }), async (req, res) =&gt; {
  const event = await verifyNodeRequest({ req, secret: process.env.WEBHOOK_SECRET! });
  if (event.type === 'credential.revoked') await revoke(event.data.id, event.data.revision);
  res.sendStatus(204);
});</code></pre>
<p>See <a href="guides/verifying-signatures.html">verifying signatures</a> for node:http, Express and Fetch handlers in every profile, and <a href="guides/client.html">the typed client</a> for calling the API.</p>
</section>
<section class="job" id="develop-against-the-mock">
<h3>3. Develop against the mock</h3>
<p>A stateful mock platform: create a credential, revoke it, and receive the signed webhooks, retried when your receiver fails and, by default, sometimes duplicated or out of order, as on the real platform (<code>--chaos off</code> for one delivery per event, in order).</p>
<pre><code>${commandExample(sources, 'mock', 'npm start')}</code></pre>
<p>In unit tests, the same core runs in-process as msw handlers (<code>credkit/msw</code>). See <a href="guides/mock-platform.html">running the mock</a>.</p>
</section>
<section class="job" id="run-the-suite-in-ci">
<h3>4. Run the suite in CI</h3>
<p>The conformance suite sends your receiver good and bad deliveries and fails the build with a precise reason and a fix for each broken behaviour.</p>
<pre><code>${commandExample(sources, 'conformance', 'npx credkit conformance --url http://127.0.0.1:3000/webhooks --secret "$WEBHOOK_SECRET"')}</code></pre>
<p>Every failure names its entry in the <a href="checks.html">checks catalog</a> (<code>npx credkit docs checks.html#&lt;id&gt;</code> opens it). See <a href="guides/conformance-in-ci.html">conformance in CI</a>.</p>
</section>
</div>

<h2 id="more">Where next</h2>
<ul>
<li><a href="guides/install.html">Install</a>: which package goes where, Node versions and TypeScript settings.</li>
<li><a href="guides/quickstart.html">Quickstart</a>: a verified webhook from the mock in five minutes.</li>
<li><a href="guides/client.html">The typed client</a>: errors as values, <code>If-Match</code>, idempotency keys, retries, pagination.</li>
<li><a href="guides/idempotency-and-ordering.html">Idempotency and ordering</a>: at-least-once delivery, done right.</li>
<li><a href="profiles.html">Wire profiles</a>: the native Standard Webhooks format and the vendor formats credkit speaks.</li>
<li><a href="cli.html">The <code>credkit</code> command</a> and the <a href="benchmarks.html">benchmarks</a>.</li>
</ul>`;
  return [{ path: 'index.html', content: page({ path: 'index.html', title: 'Overview', body }) }];
}
