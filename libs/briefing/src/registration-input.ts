import { parseOneAddress } from 'email-addresses';
import { DomainError } from '@app/core';

/** An address as the system keeps it: the parsed mailbox, lower-cased, and its domain (for the free-mail check). */
export interface ParsedAddress {
  email: string;
  domain: string;
}

const DOT_ATOM = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

const badAddress = () =>
  new DomainError(
    'VALIDATION_FAILED',
    { field: 'email' },
    {
      ja: 'メールアドレスの形式が正しくありません（例：taro@pref.example.lg.jp）。',
      en: 'The e-mail address is not valid (plain local@domain, e.g. taro@pref.example.lg.jp).',
    },
  );

/**
 * Parses a registrant's address with an RFC 5322 parser and accepts only the plain `local@domain`
 * form: a quoted local part (`"a@x"@gmail.com`), comments, a display name, a domain literal, several
 * addresses or a host without a dot are refused, so that the address mailed, the address checked
 * against the free-mail list and the address counted by the rate limit are one and the same.
 */
export function parseRegistrantAddress(input: string): ParsedAddress {
  const text = input.trim();
  if (text.length > 254) throw badAddress();
  const parsed = parseOneAddress({ input: text, rfc6532: false, rejectTLD: true });
  if (!parsed || parsed.type !== 'mailbox' || parsed.name !== null || parsed.address !== text) throw badAddress();
  const local = parsed.local.toLowerCase();
  const domain = parsed.domain.toLowerCase();
  const labels = domain.split('.');
  if (local.length > 64 || !DOT_ATOM.test(local)) throw badAddress();
  if (domain.length > 253 || labels.length < 2 || !labels.every((l) => LABEL.test(l)) || !/^[a-z]{2,63}$|^xn--[a-z0-9-]+$/.test(labels.at(-1)!)) {
    throw badAddress();
  }
  return { email: `${local}@${domain}`, domain };
}

export const MAX_NAME_LENGTH = 60;

/**
 * The only text a registrant types that reaches the mail sent to the address they give: a name. It must
 * read as a name: no line breaks, control or bidi characters, no link, address or domain (checked on
 * the NFKC form, so full-width ｈｔｔｐｓ：／／ counts), and at most MAX_NAME_LENGTH characters.
 */
export function registrantName(input: string): string {
  const name = input.trim();
  const folded = name.normalize('NFKC').toLowerCase();
  const refused =
    !name || [...name].length > MAX_NAME_LENGTH || /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(name) || /[<>@/\\:]|www\.|[a-z0-9-]+\.[a-z0-9-]*[a-z]{2,}/u.test(folded);
  if (refused) {
    throw new DomainError(
      'VALIDATION_FAILED',
      { field: 'name' },
      {
        ja: `お名前は${MAX_NAME_LENGTH}文字以内で入力してください（改行・URL・メールアドレスは使えません）。`,
        en: `Give a name of at most ${MAX_NAME_LENGTH} characters, without line breaks, links or addresses.`,
      },
    );
  }
  return name;
}
