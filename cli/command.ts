// The shape every `credkit` sub-command has: one typed table drives parsing, `--help` and the docs.
import { parseArgs } from 'node:util';
import { didYouMean } from './did-you-mean.js';

/** One option of a command. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly description: string;
  readonly short?: string;
  /** Shown in help as `--name <valueName>`. */
  readonly valueName?: string;
  readonly default?: string | boolean;
  readonly multiple?: boolean;
  /** Allowed values; anything else is a usage error naming them. */
  readonly choices?: readonly string[];
  /** Only has an effect together with this option: given alone, it is a usage error, never silently ignored. */
  readonly requires?: string;
}

/** What a command's `run` gets: parsed values and the streams to write to. */
export interface CommandContext {
  readonly values: Record<string, string | boolean | string[] | undefined>;
  readonly positionals: string[];
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
  /** Aborted on SIGINT/SIGTERM: long-running commands stop cleanly on it. */
  readonly signal: AbortSignal;
}

/** A `credkit` sub-command. */
export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  /** e.g. `credkit mock [options]` */
  readonly usage: string;
  readonly description?: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly positionals?: readonly { readonly name: string; readonly description: string; readonly required?: boolean }[];
  readonly examples?: readonly string[];
  /** Old flag name → new flag name: the old one fails with a hint to the new one. */
  readonly renamed?: Readonly<Record<string, string>>;
  /** Returns the exit code (0 when omitted). Throw UsageError for bad input. */
  run(ctx: CommandContext): Promise<number | void>;
}

/** Bad input from the user: printed as one line with a hint, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Parses argv for one command against its table; unknown, renamed and ill-typed flags are UsageErrors. */
export function parseCommandArgs(spec: CommandSpec, argv: string[]): { values: CommandContext['values']; positionals: string[] } {
  for (const arg of argv) {
    const flag = /^--([^=]+)/.exec(arg)?.[1];
    const renamedTo = flag ? spec.renamed?.[flag] : undefined;
    if (renamedTo) throw new UsageError(`--${flag} was renamed`, `use --${renamedTo} instead`);
  }
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, o] of Object.entries(spec.options)) {
    options[name] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    const message = (err as Error).message.replace(/\. To specify a positional.*$/s, '');
    const help = `run \`credkit ${spec.name} --help\` for the options`;
    const unknown = (err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /^Unknown option '--([^']+)'/.exec(message)?.[1] : undefined;
    const meant = unknown === undefined ? undefined : didYouMean(unknown, [...Object.keys(spec.options), 'help']);
    throw new UsageError(message, meant ? `did you mean --${meant}? (${help})` : help);
  }
  const values = { ...parsed.values } as CommandContext['values'];
  // What was typed, before defaults fill in: `requires` is about what the user asked for.
  const given = parsed.values as Record<string, unknown>;
  for (const [name, o] of Object.entries(spec.options)) {
    if (o.requires !== undefined && given[name] !== undefined && given[o.requires] === undefined) {
      throw new UsageError(`--${name} has no effect without --${o.requires}`, `add --${o.requires} <${spec.options[o.requires]?.valueName ?? 'value'}>, or leave --${name} out`);
    }
    if (values[name] === undefined && o.default !== undefined) values[name] = o.default;
    const value = values[name];
    if (o.choices && typeof value === 'string' && !o.choices.includes(value)) {
      const meant = didYouMean(value, o.choices);
      throw new UsageError(`--${name} must be one of ${o.choices.join(', ')}; got "${value}"`, meant ? `did you mean --${name} ${meant}?` : `e.g. --${name} ${o.choices[0]}`);
    }
  }
  const required = spec.positionals?.filter((p) => p.required) ?? [];
  if (parsed.positionals.length < required.length) {
    const missing = required[parsed.positionals.length]!;
    throw new UsageError(`missing <${missing.name}>`, `usage: ${spec.usage}`);
  }
  return { values, positionals: parsed.positionals };
}

/** The `--help` text of one command, from its table. */
export function formatCommandHelp(spec: CommandSpec): string {
  const lines = [`${spec.summary}`, '', `Usage: ${spec.usage}`];
  if (spec.description) lines.push('', spec.description);
  if (spec.positionals?.length) {
    lines.push('', 'Arguments:');
    for (const p of spec.positionals) lines.push(`  ${`<${p.name}>`.padEnd(28)} ${p.description}`);
  }
  lines.push('', 'Options:');
  const entries = Object.entries(spec.options);
  for (const [name, o] of entries) {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` <${o.valueName ?? 'value'}>` : ''}`;
    const extra = [o.choices ? `one of: ${o.choices.join(', ')}` : '', o.default !== undefined && o.default !== false ? `default: ${String(o.default)}` : '', o.requires ? `needs --${o.requires}` : '']
      .filter(Boolean)
      .join('; ');
    lines.push(`  ${flag.padEnd(28)} ${o.description}${extra ? ` (${extra})` : ''}`);
  }
  lines.push(`  ${'-h, --help'.padEnd(28)} Show this help`);
  if (spec.examples?.length) {
    lines.push('', 'Examples:');
    for (const e of spec.examples) lines.push(`  ${e}`);
  }
  return `${lines.join('\n')}\n`;
}
