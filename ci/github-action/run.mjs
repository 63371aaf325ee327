// @ts-check
// The credkit conformance GitHub Action (and the GitLab template): start the receiver, wait for its
// port, run `credkit conformance` once with the JUnit reporter, derive the job summary and the step
// outputs from that JUnit file, stop the receiver, exit with the suite's code (0 pass, 1 failed
// checks, 2 usage error or no receiver). One file, node: builtins only, so the GitLab template can
// fetch it alone and a test can run it exactly as the runner does.
//
// Environment (composite actions do not map inputs themselves: action.yml maps each one):
//   INPUT_<NAME>         one per entry of `inputs` below (upper case, '-' → '_')
//   GITHUB_STEP_SUMMARY  Markdown summary appended there; skipped when unset (GitLab)
//   GITHUB_OUTPUT        step outputs `report-path` and `failed`; skipped when unset
//   GITHUB_ACTIONS       'true' adds ::error annotations and log groups
//   CREDKIT_BIN          how to invoke credkit instead of node_modules/.bin/credkit or npx: a CLI
//                        entry (.js, run with this node) or an executable. The repository's own
//                        tests point it at dist/cli/main.js.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Every input with its default: the same names and defaults as action.yml (a test checks both ways).
 * A required input carries the hint printed when it is missing.
 * @type {Readonly<Record<string, { required?: string, default?: string }>>}
 */
export const inputs = {
  url: { required: 'e.g. url: http://127.0.0.1:3000/webhooks (GitLab: CREDKIT_URL)' },
  secret: { required: 'pass a test secret from your CI secrets, e.g. secret: ${{ secrets.WEBHOOK_TEST_SECRET }} (GitLab: a masked WEBHOOK_SECRET variable)' },
  profile: { default: 'standard' },
  probe: {},
  'report-path': { default: 'reports/credkit-conformance.xml' },
  start: {},
  'start-timeout-seconds': { default: '30' },
  only: {},
  skip: {},
  // The npm major that matches the action's v0 tag, so `@v0` never runs a CLI with other flags.
  'credkit-version': { default: '0' },
  'working-directory': { default: '.' },
};

/** @param {string} name */
export const inputEnvName = (name) => `INPUT_${name.toUpperCase().replaceAll('-', '_')}`;

const STOP_GRACE_IN_MS = 5_000;
const TAIL_LINES = 20;

/** A setup problem: one line, a hint, and the exit code (2, like the CLI's usage errors). */
class ActionError extends Error {
  /** @param {string} message @param {string} hint @param {number} [exitCode] */
  constructor(message, hint, exitCode = 2) {
    super(message);
    this.hint = hint;
    this.exitCode = exitCode;
  }
}

/** The inputs, defaults applied and checked once: a bad one is a usage error before anything starts. */
function readInputs(/** @type {NodeJS.ProcessEnv} */ env) {
  /** @type {(name: string) => string} */
  const input = (name) => {
    const spec = inputs[name] ?? {};
    const value = (env[inputEnvName(name)] ?? '').trim() || spec.default || '';
    if (spec.required && !value) throw new ActionError(`missing input "${name}"`, spec.required);
    return value;
  };
  const rawUrl = input('url');
  const secret = input('secret');
  let url;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new ActionError(`input "url" is not a URL: ${rawUrl}`, 'e.g. url: http://127.0.0.1:3000/webhooks');
  }
  const timeoutSeconds = Number(input('start-timeout-seconds'));
  if (!(timeoutSeconds > 0)) throw new ActionError(`input "start-timeout-seconds" must be a positive number, got "${input('start-timeout-seconds')}"`, 'e.g. start-timeout-seconds: 30');
  const cwd = resolve(input('working-directory'));
  return {
    url,
    secret,
    profile: input('profile'),
    flags: { probe: input('probe'), only: input('only'), skip: input('skip') },
    start: input('start'),
    timeoutMs: timeoutSeconds * 1000,
    version: input('credkit-version'),
    cwd,
    reportPath: resolve(cwd, input('report-path')),
  };
}

/** The host and port a URL's server listens on (brackets of an IPv6 literal removed). */
function target(/** @type {URL} */ url) {
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port };
}

/** A URL as the log may show it: never its user-info or query, either may carry a token. */
const shown = (/** @type {URL} */ u) => `${u.protocol}//${u.host}${u.pathname}`;

/** The last lines of a stream, for the error that says why the receiver never came up. */
function createTail(/** @type {(line: string) => string} */ clean) {
  /** @type {string[]} */
  const lines = [];
  let partial = '';
  return {
    push(/** @type {Buffer} */ chunk) {
      const parts = (partial + chunk.toString('utf8')).split(/\r?\n/);
      partial = parts.pop() ?? '';
      lines.push(...parts.map(clean));
      lines.splice(0, Math.max(0, lines.length - TAIL_LINES));
    },
    text: () => [...lines, ...(partial ? [clean(partial)] : [])].slice(-TAIL_LINES).join('\n'),
  };
}

/** Runs the start command in the background, in its own process group so stop() reaches its children. */
function startReceiver(/** @type {string} */ command, /** @type {{ cwd: string, env: NodeJS.ProcessEnv, clean: (s: string) => string }} */ { cwd, env, clean }) {
  const posix = process.platform !== 'win32';
  const child = spawn(command, { shell: true, cwd, env, detached: posix, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail = createTail(clean);
  child.stdout.on('data', tail.push);
  child.stderr.on('data', tail.push);
  /** @type {{ code: number | null, signal: string | null } | null} */
  let exit = null;
  const exited = new Promise((done) => {
    child.once('exit', (code, signal) => done((exit = { code, signal })));
    // No shell to run it with: reported like a command that is not found.
    child.once('error', () => done((exit = { code: 127, signal: null })));
  });
  // 'close' comes after the last output; a daemonised grandchild may hold the pipes open, so never wait long.
  const closed = new Promise((done) => child.once('close', done));
  /** @param {NodeJS.Signals} signal */
  const signalAll = (signal) => {
    try {
      // The whole group: a `npm start` wrapper's own child is the server.
      if (posix && child.pid) process.kill(-child.pid, signal);
      else child.kill(signal);
    } catch {
      // ESRCH: everything in the group has already exited.
    }
  };
  return {
    tail,
    exit: () => exit,
    /** Resolves once its output is read to the end, or after 500 ms. */
    drained: () => Promise.race([closed, new Promise((done) => setTimeout(done, 500).unref())]),
    async stop() {
      signalAll('SIGTERM');
      if (!exit) {
        /** @type {NodeJS.Timeout | undefined} */
        let timer;
        const late = await Promise.race([exited.then(() => false), new Promise((done) => (timer = setTimeout(() => done(true), STOP_GRACE_IN_MS)))]);
        clearTimeout(timer);
        if (late) signalAll('SIGKILL');
      }
      // A daemonised grandchild may still hold the pipes: let go of them so this process can end.
      child.stdout.destroy();
      child.stderr.destroy();
    },
  };
}

/** @returns {Promise<boolean>} */
function accepts(/** @type {{ host: string, port: number }} */ { host, port }) {
  return new Promise((done) => {
    const socket = connect({ host, port });
    const finish = (/** @type {boolean} */ ok) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(1_000, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

/** Waits until host:port accepts TCP connections; fails early when the start command died. */
async function waitForPort(/** @type {{ host: string, port: number }} */ address, /** @type {{ timeoutMs: number, receiver: ReturnType<typeof startReceiver> | null, signal: AbortSignal }} */ { timeoutMs, receiver, signal }) {
  const deadline = Date.now() + timeoutMs;
  const where = `${address.host}:${address.port}`;
  const output = () => (receiver?.tail.text() ? `; its last output:\n${receiver.tail.text()}` : '; it printed nothing');
  for (;;) {
    if (signal.aborted) throw new ActionError('interrupted before the suite ran', 'the job was cancelled', 1);
    if (await accepts(address)) return;
    const exit = receiver?.exit();
    // Exit 0 may be a command that put the server in the background itself: keep waiting for the port.
    if (exit && exit.code !== 0) {
      await receiver?.drained();
      throw new ActionError(`the start command exited (${exit.signal ?? `code ${exit.code}`}) before ${where} accepted connections`, `run it locally to see why${output()}`);
    }
    if (Date.now() >= deadline) {
      const hint = receiver ? `does it listen on ${where}? raise start-timeout-seconds if it starts slowly${output()}` : `start your receiver in an earlier step, or give the start input a command that starts it`;
      throw new ActionError(`nothing accepted connections on ${where} within ${timeoutMs / 1000} s`, hint);
    }
    await new Promise((done) => setTimeout(done, 200));
  }
}

/** How to invoke credkit: CREDKIT_BIN, else the workspace's own install, else npx. */
function credkitCommand(/** @type {string | undefined} */ bin, /** @type {string} */ cwd, /** @type {string} */ version) {
  const local = bin ? resolve(bin) : resolve(cwd, 'node_modules/.bin/credkit');
  if (bin && !existsSync(local)) throw new ActionError(`CREDKIT_BIN points at nothing: ${local}`, 'set it to a credkit CLI entry (e.g. dist/cli/main.js) or an executable, or unset it');
  if (bin || existsSync(local)) {
    const real = realpathSync(local);
    // Through this node: no reliance on a shebang or an executable bit.
    return /\.[cm]?js$/.test(real) ? { file: process.execPath, args: [real], label: 'credkit' } : { file: real, args: [], label: 'credkit' };
  }
  return { file: 'npx', args: ['--yes', `credkit@${version}`], label: `npx --yes credkit@${version}` };
}

/** @returns {Promise<number>} */
function runCredkit(/** @type {{ file: string, args: string[] }} */ command, /** @type {{ cwd: string, env: NodeJS.ProcessEnv, signal: AbortSignal }} */ { cwd, env, signal }) {
  return new Promise((done, fail) => {
    const child = spawn(command.file, command.args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
    // The CLI stops on SIGINT/SIGTERM and exits 1 ("an interrupted run proves nothing").
    const forward = () => child.kill('SIGTERM');
    signal.addEventListener('abort', forward, { once: true });
    child.once('error', (err) => fail(new ActionError(`cannot run ${command.file}: ${err.message}`, 'install Node.js (actions/setup-node) or add credkit to your devDependencies')));
    child.once('exit', (code) => {
      signal.removeEventListener('abort', forward);
      done(code ?? 1);
    });
  });
}

const ENTITIES = /** @type {Record<string, string>} */ ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" });
const unescapeXml = (/** @type {string} */ s) => s.replace(/&(#x[\da-f]+|#\d+|\w+);/gi, (m, e) => (e[0] === '#' ? String.fromCodePoint(Number(e[1] === 'x' || e[1] === 'X' ? `0${e.slice(1)}` : e.slice(1))) : (ENTITIES[e] ?? m)));
const attributes = (/** @type {string} */ s) => Object.fromEntries([...s.matchAll(/([\w:-]+)="([^"]*)"/g)].map((m) => [m[1], unescapeXml(m[2] ?? '')]));

/** The checks of credkit's JUnit report (its own dialect: one testcase per check, see conformance/reporters/junit.ts). */
export function parseJunitReport(/** @type {string} */ xml) {
  const properties = Object.fromEntries([...xml.matchAll(/<property\b([^>]*?)\/>/g)].map((m) => attributes(m[1] ?? '')).map((a) => [a.name, a.value]));
  const checks = [...xml.matchAll(/<testcase\b([^>]*?)(?:\/>|>([\s\S]*?)<\/testcase>)/g)].map((m) => {
    const { name = '', time = '0' } = attributes(m[1] ?? '');
    const [id = name, ...title] = name.split(': ');
    const body = m[2] ?? '';
    const base = { id, title: title.join(': '), durationMs: Math.round(Number(time) * 1000) };
    const failure = /<failure\b([^>]*?)(?:\/>|>([\s\S]*?)<\/failure>)/.exec(body);
    if (failure) {
      const details = unescapeXml(failure[2] ?? '');
      const hint = /\nfix: ([\s\S]*?)(?:\ndocs: |$)/.exec(details)?.[1] ?? '';
      const message = (attributes(failure[1] ?? '').message ?? '').replace(` (fix: ${hint})`, '');
      return { ...base, status: /** @type {const} */ ('failed'), message, hint, docs: /\ndocs: (.*)\s*$/.exec(details)?.[1] ?? '' };
    }
    const skipped = /<skipped\b([^>]*?)\/?>/.exec(body);
    const text = skipped ? (attributes(skipped[1] ?? '').message ?? '') : '';
    if (text.startsWith('not applicable: ')) return { ...base, status: /** @type {const} */ ('not applicable'), message: text.slice('not applicable: '.length), hint: '', docs: '' };
    if (skipped) return { ...base, status: /** @type {const} */ ('skipped'), message: text.replace(/^skipped: /, ''), hint: '', docs: '' };
    return { ...base, status: /** @type {const} */ ('passed'), message: '', hint: '', docs: '' };
  });
  const seconds = Number(attributes(/<testsuite\b([^>]*)>/.exec(xml)?.[1] ?? '').time ?? NaN);
  return { profile: properties.profile ?? '', url: properties.url ?? '', probe: properties.probe ?? '', seconds, checks };
}

const SYMBOLS = { passed: '✓', failed: '×', skipped: '○', 'not applicable': '–' };
const cell = (/** @type {string} */ s) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** The job summary: the same table the CLI's github reporter writes, from the JUnit report. */
export function formatSummary(/** @type {ReturnType<typeof parseJunitReport>} */ { profile, url, probe, seconds, checks }) {
  const count = (/** @type {string} */ status) => checks.filter((c) => c.status === status).length;
  const failed = count('failed');
  const lines = [
    `## credkit conformance: ${failed === 0 ? 'passed' : `${failed} failed`}`,
    '',
    `Profile \`${profile}\` against \`${url}\`${probe ? ` with probe \`${probe}\`` : ' without a probe'}: **${count('passed')} passed, ${failed} failed, ${count('skipped')} skipped, ${count('not applicable')} not applicable**${Number.isFinite(seconds) ? ` in ${seconds.toFixed(1)} s` : ''}.`,
    '',
    '| | Check | Result | Time |',
    '|---|---|---|---|',
    ...checks.map((c) => `| ${SYMBOLS[c.status]} | \`${c.id}\` ${cell(c.title)} | ${c.status}${c.message ? `: ${cell(c.message)}` : ''} | ${c.durationMs} ms |`),
  ];
  const failures = checks.filter((c) => c.status === 'failed');
  if (failures.length > 0) {
    lines.push('', '### How to fix', '');
    // The docs line as the report has it, not a Markdown link: a relative page would resolve on github.com.
    for (const c of failures) lines.push(`- **\`${c.id}\`**: ${cell(c.message)}  \n  Fix: ${cell(c.hint)}${c.docs ? `  \n  Docs: ${cell(c.docs)}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Workflow-command escaping of a message (%, CR, LF) and of a property (also : and ,). */
const escapeData = (/** @type {string} */ s) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (/** @type {string} */ s) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** @returns {Promise<number>} the exit code of the step */
export async function main(/** @type {NodeJS.ProcessEnv} */ env, /** @type {AbortSignal} */ signal = new AbortController().signal) {
  const onGithub = env.GITHUB_ACTIONS === 'true';
  /** @type {ReturnType<typeof startReceiver> | null} */
  let receiver = null;
  let secret = '';
  const redact = (/** @type {string} */ s) => (secret ? s.split(secret).join('[redacted]') : s);
  try {
    const options = readInputs(env);
    secret = options.secret;
    // The secret reaches credkit and the receiver as WEBHOOK_SECRET (out of process lists), under no other name.
    const childEnv = Object.fromEntries(Object.entries({ ...env, WEBHOOK_SECRET: secret }).filter(([name]) => name !== inputEnvName('secret')));
    if (options.start) {
      process.stdout.write(`starting the receiver: ${redact(options.start)}\n`);
      receiver = startReceiver(options.start, { cwd: options.cwd, env: childEnv, clean: redact });
    }
    await waitForPort(target(options.url), { timeoutMs: options.timeoutMs, receiver, signal });

    const command = credkitCommand(env.CREDKIT_BIN || undefined, options.cwd, options.version);
    const args = ['conformance', '--url', options.url.href, '--profile', options.profile];
    for (const [name, value] of Object.entries(options.flags)) if (value) args.push(`--${name}`, value);
    args.push('--reporter', 'junit', '--output-file', options.reportPath);
    const printable = args.map((a) => (/^https?:\/\//.test(a) && URL.canParse(a) ? shown(new URL(a)) : a));
    process.stdout.write(`${command.label} ${printable.join(' ')}\n`);
    // A report left by an earlier run must never be mistaken for this one's.
    rmSync(options.reportPath, { force: true });
    const code = await runCredkit({ file: command.file, args: [...command.args, ...args] }, { cwd: options.cwd, env: childEnv, signal });

    if (existsSync(options.reportPath)) {
      const report = parseJunitReport(readFileSync(options.reportPath, 'utf8'));
      const failed = report.checks.filter((c) => c.status === 'failed');
      if (onGithub) for (const c of failed) process.stdout.write(`::error title=${escapeProperty(`credkit conformance: ${c.id}`)}::${escapeData(redact(`${c.message}\nfix: ${c.hint}${c.docs ? `\ndocs: ${c.docs}` : ''}`))}\n`);
      if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, redact(formatSummary(report)));
      // Single-line values, so the plain name=value form of GITHUB_OUTPUT is enough.
      if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `report-path=${options.reportPath}\nfailed=${failed.length}\n`);
    } else if (code !== 2) {
      process.stderr.write(`credkit-action: credkit exited ${code} but wrote no report at ${options.reportPath}\n`);
    }
    if (code !== 0 && receiver?.tail.text()) {
      process.stdout.write(`${onGithub ? '::group::' : ''}receiver output (last ${TAIL_LINES} lines)\n${receiver.tail.text()}\n${onGithub ? '::endgroup::\n' : ''}`);
    }
    return code;
  } catch (err) {
    if (!(err instanceof ActionError)) {
      process.stderr.write(`credkit-action: internal error: ${redact(err instanceof Error ? (err.stack ?? err.message) : String(err))}\n`);
      return 1;
    }
    const reason = redact(err.message);
    process.stderr.write(`${onGithub ? `::error title=credkit conformance::${escapeData(reason)}` : `credkit-action: ${reason}`}\nhint: ${redact(err.hint)}\n`);
    return err.exitCode;
  } finally {
    await receiver?.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  // exitCode, not exit(): stdout and the summary file finish writing first.
  main(process.env, controller.signal).then((code) => (process.exitCode = code));
}
