/** One judged change: `pointer` is an RFC 6901 JSON pointer into the working contract's view. */
export interface SpecChange {
  severity: 'breaking' | 'non-breaking';
  rule: string;
  pointer: string;
  message: string;
}
export type WebhookRule =
  | 'webhook-removed'
  | 'webhook-added'
  | 'webhook-method-removed'
  | 'payload-removed'
  | 'payload-media-type-removed'
  | 'field-removed'
  | 'field-added'
  | 'field-became-optional'
  | 'field-became-required'
  | 'type-changed'
  | 'format-changed'
  | 'enum-narrowed'
  | 'enum-widened'
  | 'const-changed'
  | 'variants-changed';
export declare const WEBHOOK_RULES: Record<WebhookRule, { severity: 'breaking' | 'non-breaking'; why: string }>;
export declare function diffWebhooks(base: unknown, revision: unknown): Array<SpecChange & { rule: WebhookRule }>;
