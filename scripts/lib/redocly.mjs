// Runs the pinned Redocly CLI (@redocly/cli) as a child process: offline, quiet, no telemetry.
// Its own in-process API is bundled away in 2.x, so the CLI with `--format json` is the stable interface.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Absolute path of the Redocly CLI entry point installed in node_modules. */
export function redoclyBin() {
  const pkg = require.resolve('@redocly/cli/package.json');
  return join(dirname(pkg), 'bin', 'cli.js');
}

/**
 * Runs `redocly <args…>` and collects its output; never rejects on a non-zero exit (callers judge).
 * @example
 *   const { code, stdout } = await runRedocly(['lint', 'spec/openapi.yaml', '--format', 'json']);
 * @param {string[]} args
 * @param {{ cwd?: string }} [options]
 * @returns {Promise<{ code: number, stdout: string, stderr: string }>}
 */
export function runRedocly(args, { cwd = process.cwd() } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [redoclyBin(), ...args], {
      cwd,
      env: {
        ...process.env,
        REDOCLY_TELEMETRY: 'off',
        REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
        REDOCLY_SUPPRESS_NOTIFICATIONS: 'true',
        NO_COLOR: '1',
        FORCE_COLOR: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr: withoutBanner(stderr) }));
  });
}

/** Drops Redocly's boxed Node-20 deprecation banner: noise that would bury the real message. */
function withoutBanner(text) {
  return text
    .split('\n')
    .filter((line) => !/[║╔╚]/.test(line))
    .join('\n')
    .trim();
}
