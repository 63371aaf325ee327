import type { SpecChange } from './webhook-diff.mjs';
export declare function diffRest(baseFile: string, revisionFile: string, options?: { config?: string; cwd?: string }): Promise<SpecChange[]>;
