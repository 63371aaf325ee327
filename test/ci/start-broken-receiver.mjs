// Starts one broken receiver of examples/receivers/broken as its own process, the way an action's
// `start` command starts an integrator's receiver: `node start-broken-receiver.mjs <bug id>`, with
// WEBHOOK_SECRET and PORT from the environment (the broken receivers have no entry point of their own).
import { brokenReceivers } from '../../dist/examples/receivers/broken/index.js';

const id = process.argv[2];
const receiver = brokenReceivers.find((r) => r.bug.id === id);
if (!receiver) throw new Error(`no broken receiver "${id}"; one of ${brokenReceivers.map((r) => r.bug.id).join(', ')}`);
const port = Number(process.env.PORT);
receiver.createReceiver({ secret: process.env.WEBHOOK_SECRET ?? '' }).listen(port, '127.0.0.1', () => console.log(`${id} listening on http://127.0.0.1:${port}/webhooks`));
