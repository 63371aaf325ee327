// How a status looks in a terminal: symbols by meaning, colour only where it helps.
import type { CheckStatus } from '../check.js';

/** ✓ passed, × failed, ○ skipped, – not applicable. */
export const statusSymbols: Readonly<Record<CheckStatus, string>> = {
  passed: '✓',
  failed: '×',
  skipped: '○',
  not_applicable: '–',
};

/** Words for a status, as reports print them. */
export const statusWords: Readonly<Record<CheckStatus, string>> = {
  passed: 'passed',
  failed: 'failed',
  skipped: 'skipped',
  not_applicable: 'not applicable',
};

const codes = { green: 32, red: 31, yellow: 33, gray: 90, bold: 1 } as const;

/** A colouring function per style; identity functions when colour is off. */
export type Paint = Readonly<Record<keyof typeof codes, (text: string) => string>>;

/**
 * Colours for a stream: on only for a TTY, outside CI, and without NO_COLOR.
 *
 * @example const paint = createPaint(shouldUseColor(process.stdout, process.env));
 */
export function createPaint(enabled: boolean): Paint {
  const make = (code: number) => (enabled ? (text: string) => `\u001b[${code}m${text}\u001b[0m` : (text: string) => text);
  return { green: make(codes.green), red: make(codes.red), yellow: make(codes.yellow), gray: make(codes.gray), bold: make(codes.bold) };
}

/** True for an interactive terminal outside CI (CI logs keep escape codes as noise). */
export function shouldUseColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  if (env.CI !== undefined && env.CI !== '' && env.CI !== 'false') return false;
  return stream.isTTY === true;
}

/** The colour of a status. */
export function paintStatus(paint: Paint, status: CheckStatus, text: string): string {
  switch (status) {
    case 'passed':
      return paint.green(text);
    case 'failed':
      return paint.red(text);
    case 'skipped':
      return paint.yellow(text);
    case 'not_applicable':
      return paint.gray(text);
    default: {
      const never: never = status;
      throw new Error(`unknown status ${String(never)}`);
    }
  }
}
