/** One lint finding, located in the file where the offending node lives (split files included). */
export interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  file: string;
  pointer: string;
  line: number;
  col: number;
}
export interface LintResult {
  file: string;
  errors: number;
  warnings: number;
  problems: LintProblem[];
}
export declare const LINT_CONFIG: string;
export declare function lintContracts(files: string[], options?: { config?: string; cwd?: string }): Promise<LintResult[]>;
export declare function splitJsonDocuments(text: string): any[];
