export declare const RELEASES_DIR: string;
export declare function newestRelease(dir: string): Promise<{ version: string; file: string } | undefined>;
