// Reading a request body the way the contract says: labelled application/json (or +json), UTF-8,
// each name once. JSON.parse alone takes an unlabelled body, Buffer#toString replaces invalid UTF-8
// with U+FFFD and the last of two equal names wins: a client bug (or a smuggled second "email") would
// pass unnoticed and then fail against a stricter real platform.
import { ApiProblem } from './problem.js';

const JSON_TYPE = 'application/json';
// fatal: invalid bytes throw instead of becoming U+FFFD; ignoreBOM: a BOM stays and fails JSON.parse
// (RFC 8259 §8.1: senders must not add one).
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** `application/json; charset=utf-8` → { type: 'application/json', charset: 'utf-8' }. */
function mediaType(header: string): { type: string; charset: string | undefined } {
  const [type = '', ...params] = header.split(';');
  let charset: string | undefined;
  for (const p of params) {
    const eq = p.indexOf('=');
    if (eq !== -1 && p.slice(0, eq).trim().toLowerCase() === 'charset') charset = p.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1').toLowerCase();
  }
  return { type: type.trim().toLowerCase(), charset };
}

/**
 * Throws unless the Content-Type says JSON in UTF-8. `why` completes the detail when none was sent.
 * @example requireJsonContentType(headers['content-type'], 'a request body needs one')
 */
export function requireJsonContentType(header: string | undefined, why: string): void {
  if (header === undefined || header.trim() === '') {
    throw new ApiProblem('unsupported-media-type', {
      detail: `Send "Content-Type: application/json"; none was sent, and ${why}.`,
      errors: [{ pointer: '/header/content-type', message: 'is required; must be application/json' }],
    });
  }
  const { type, charset } = mediaType(header);
  if (type !== JSON_TYPE && !(type.startsWith('application/') && type.endsWith('+json'))) {
    throw new ApiProblem('unsupported-media-type', {
      detail: `Send the body as application/json; got ${type || header}.`,
      errors: [{ pointer: '/header/content-type', message: 'must be application/json' }],
    });
  }
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new ApiProblem('unsupported-media-type', {
      detail: `JSON bodies are UTF-8 (RFC 8259); got charset=${charset}. Drop the parameter or send charset=utf-8.`,
      errors: [{ pointer: '/header/content-type', message: 'charset must be utf-8' }],
    });
  }
}

/** The body as text: bytes are decoded strictly (invalid UTF-8 is a 400 at /body, never U+FFFD). */
export function bodyText(body: string | Uint8Array | undefined): string {
  if (body === undefined || typeof body === 'string') return body ?? '';
  try {
    return utf8.decode(body);
  } catch {
    throw new ApiProblem('invalid-json', {
      detail: 'The body is not valid UTF-8; JSON bodies must be UTF-8 (RFC 8259). Encode the text as UTF-8 before sending it.',
      errors: [{ pointer: '/body', message: 'must be valid UTF-8' }],
    });
  }
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The JSON pointer of the first name that appears twice in one object of `text` (valid JSON), or
 * undefined. One linear pass over the text, a Set per open object: ~1 ms per 100 KB.
 * @example findDuplicateKey('{"a":{"b":1,"b":2}}') // '/a/b'
 */
export function findDuplicateKey(text: string): string | undefined {
  // One frame per open object ({ keys }) or array ({ keys: undefined }); `at` is the member being read.
  const stack: { keys: Set<string> | undefined; at: string }[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      let j = i + 1;
      let escaped = false;
      for (; j < text.length; j++) {
        const d = text.charCodeAt(j);
        if (d === 0x5c) {
          j++;
          escaped = true;
        } else if (d === 0x22) break;
      }
      if (expectKey) {
        const top = stack[stack.length - 1]!;
        // "a" and "\u0061" are the same name: compare decoded names.
        const key = escaped ? (JSON.parse(text.slice(i, j + 1)) as string) : text.slice(i + 1, j);
        if (top.keys!.has(key)) return [...stack.slice(0, -1).map((f) => f.at), key].map((s) => `/${escapePointer(s)}`).join('');
        top.keys!.add(key);
        top.at = key;
        expectKey = false;
      }
      i = j;
    } else if (c === 0x7b) {
      stack.push({ keys: new Set(), at: '' });
      expectKey = true;
    } else if (c === 0x5b) {
      stack.push({ keys: undefined, at: '0' });
      expectKey = false;
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
      expectKey = false;
    } else if (c === 0x2c) {
      const top = stack[stack.length - 1];
      if (top?.keys) expectKey = true;
      else if (top) top.at = String(Number(top.at) + 1);
    }
  }
  return undefined;
}

/**
 * Parses a JSON body; invalid JSON and a name given twice in one object are 400s pointing at it.
 * @example parseJsonBody('{"title":"a","title":"b"}') // throws ApiProblem validation-error at /body/title
 */
export function parseJsonBody(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ApiProblem('invalid-json', { detail: `The body is not valid JSON: ${(err as Error).message}.`, errors: [{ pointer: '/body', message: 'must be valid JSON' }] });
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate !== undefined) {
    throw new ApiProblem('validation-error', {
      detail: `The body names ${duplicate} twice; send each field once (which one wins differs between JSON parsers).`,
      errors: [{ pointer: `/body${duplicate}`, message: 'is given more than once' }],
    });
  }
  return value;
}
