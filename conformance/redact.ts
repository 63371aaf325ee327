// Reports end up in CI logs and artifacts, and receivers sometimes echo what they verified with, in
// whatever spelling their framework prints: so every spelling of the secret is redacted, not just one.

/** The word that replaces a secret in report text. */
export const REDACTED = '[redacted]';

/** Shorter needles would redact ordinary words and ids. */
const MIN_NEEDLE_LENGTH = 6;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const PRINTABLE = /^[\x20-\x7e]+$/;

function base64url(bytes: Buffer): string {
  return bytes.toString('base64url');
}

/** A value as JSON, URL and both base64s and hex of its bytes would write it. */
function spellingsOf(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const json = JSON.stringify(value).slice(1, -1);
  return [
    value,
    json,
    json.replace(/\//g, '\\/'), // PHP's json_encode and some loggers escape slashes
    encodeURIComponent(value),
    encodeURIComponent(value).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
    bytes.toString('base64').replace(/=+$/, ''), // unpadded: matches padded text too
    base64url(bytes),
    bytes.toString('hex'),
    bytes.toString('hex').toUpperCase(),
  ];
}

const HEX = /^(?:[0-9a-fA-F]{2})+$/;

/** The raw bytes a key written as base64 (`whsec_<base64>`) or hex stands for, in the spellings bytes get. */
function keyBytesSpellings(key: string): string[] {
  const decoded = [...(BASE64.test(key) ? [Buffer.from(key, 'base64')] : []), ...(HEX.test(key) ? [Buffer.from(key, 'hex')] : [])];
  return decoded.flatMap((raw) => {
    const asText = raw.toString('utf8');
    return [raw.toString('base64').replace(/=+$/, ''), base64url(raw), raw.toString('hex'), raw.toString('hex').toUpperCase(), ...(PRINTABLE.test(asText) ? [asText] : [])];
  });
}

/**
 * Replaces every spelling of the secret in report text: the secret and its key part (after the
 * `whsec_`-style prefix), each plain, JSON-escaped, URL-encoded, base64, base64url and hex; and the
 * raw bytes of a key written as base64 or hex, in the same byte spellings.
 *
 * @example createRedactor('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')('got whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw') // 'got [redacted]'
 */
export function createRedactor(secret: string): (text: string) => string {
  const parts = [secret];
  const underscore = secret.indexOf('_');
  if (underscore > 0 && secret.length - underscore > 8) parts.push(secret.slice(underscore + 1));
  const needles = new Set(parts.flatMap((p) => [...spellingsOf(p), ...keyBytesSpellings(p)]));
  // Longest first: a spelling that contains another is replaced whole.
  const list = [...needles].filter((n) => n.length >= MIN_NEEDLE_LENGTH).sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const n of list) out = out.split(n).join(REDACTED);
    return out;
  };
}
