export declare const SDK_FOLDERS: readonly ['webhooks', 'client', 'generated'];
