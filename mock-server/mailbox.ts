// `format: email` as JSON Schema 2020-12 defines it (§7.3.2: RFC 5321 §4.1.2 "Mailbox"), so the mock
// accepts exactly what the contract allows. ajv-formats' email regex also wants a dot in the domain
// and rejects `0@com` or `ops@localhost`, which the contract allows: the mock must not be stricter.
import { isIPv4, isIPv6 } from 'node:net';

const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
const DOT_STRING = `${ATEXT}+(?:\\.${ATEXT}+)*`;
// qtextSMTP is %d32-33 / %d35-91 / %d93-126; quoted-pairSMTP is "\" followed by %d32-126.
const QUOTED_STRING = '"(?:[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]|\\\\[\\x20-\\x7e])*"';
const SUB_DOMAIN = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
const MAILBOX = new RegExp(`^(${DOT_STRING}|${QUOTED_STRING})@(${SUB_DOMAIN}(?:\\.${SUB_DOMAIN})*|\\[[^\\]]+\\])$`);

/**
 * True for an RFC 5321 Mailbox: Dot-string or Quoted-string local part (≤ 64 octets), then a domain
 * (one label is enough, ≤ 255 octets) or an address literal ([192.0.2.1], [IPv6:2001:db8::1]).
 * @example isMailbox('0@com') // true
 * @example isMailbox('a@b..c') // false
 */
export function isMailbox(value: string): boolean {
  const m = MAILBOX.exec(value);
  if (!m) return false;
  const [, local = '', domain = ''] = m;
  if (local.length > 64 || domain.length > 255) return false;
  if (!domain.startsWith('[')) return true;
  const literal = domain.slice(1, -1);
  // General-address-literals need a tag registered with IANA; only IPv6 is.
  return literal.startsWith('IPv6:') ? isIPv6(literal.slice(5)) : isIPv4(literal);
}
