#!/usr/bin/env node
// The `credkit` command: thin wiring of the library folders. Each sub-command lives in
// cli/commands/<name>.ts and is loaded only when it runs, so `credkit --help` stays instant.
import { formatCommandHelp, parseCommandArgs, UsageError, type CommandSpec } from './command.js';
import { didYouMean } from './did-you-mean.js';

/** Every sub-command: its one-line summary and how to load it. */
const commands: Record<string, { summary: string; load: () => Promise<{ command: CommandSpec }> }> = {
  mock: { summary: 'Run the stateful mock platform (the default job of `npm start`)', load: () => import('./commands/mock.js') },
  trigger: { summary: 'Make a running mock emit an event through the real API flow', load: () => import('./commands/trigger.js') },
  deliveries: { summary: 'List and retry the webhook deliveries of a running mock', load: () => import('./commands/deliveries.js') },
  conformance: { summary: "Run the conformance suite against your webhook receiver", load: () => import('./commands/conformance.js') },
  contract: { summary: 'Summarise the contract: operations, event types and wire profiles', load: () => import('./commands/contract.js') },
  secret: { summary: 'Print a new signing secret in the format of a wire profile', load: () => import('./commands/secret.js') },
  docs: { summary: 'Serve the docs site that ships with credkit on 127.0.0.1', load: () => import('./commands/docs.js') },
};

function rootHelp(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length)) + 2;
  return [
    'credkit: the contract kit of the Credential Events API',
    '',
    'Usage: credkit <command> [options]',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)} ${c.summary}`),
    '',
    'Run `credkit <command> --help` for the options of one command.',
    '',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(rootHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    const { createRequire } = await import('node:module');
    process.stdout.write(`${(createRequire(import.meta.url)('../../package.json') as { version: string }).version}\n`);
    return 0;
  }
  const entry = commands[name];
  if (!entry) {
    const meant = didYouMean(name, Object.keys(commands));
    throw new UsageError(`unknown command "${name}"`, meant ? `did you mean \`credkit ${meant}\`? (commands: ${Object.keys(commands).join(', ')})` : `commands: ${Object.keys(commands).join(', ')}`);
  }
  const { command } = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(formatCommandHelp(command));
    return 0;
  }
  const { values, positionals } = parseCommandArgs(command, rest);
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return (await command.run({ values, positionals, stdout: process.stdout, stderr: process.stderr, env: process.env, signal: controller.signal })) ?? 0;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`credkit: ${err.message}\n${err.hint ? `hint: ${err.hint}\n` : ''}`);
      process.exitCode = 2;
      return;
    }
    const e = err as Error & { code?: string; hint?: string };
    process.stderr.write(`credkit: ${e.message}\n${e.hint ? `hint: ${e.hint}\n` : ''}`);
    if (process.env.DEBUG) process.stderr.write(`${e.stack}\n`);
    process.exitCode = 1;
  },
);
