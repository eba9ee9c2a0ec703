/**
 * Input as officials type it (issue 16): a Japanese IME gives 「０３－１２３４－５６７８」, 「１３１００３」 and
 * 「ｉｎｆｏ＠ｅｘａｍｐｌｅ．ｊｐ」 as often as ASCII. Codes, numbers, phone numbers and e-mail addresses are folded by
 * NFKC (full-width digits, letters and ＠ become ASCII) before they are validated or stored; names are kept as typed.
 */
export type TypedInputKind = 'code' | 'phone' | 'email';

/** Every dash a Japanese keyboard produces in a phone number: hyphen-minus look-alikes, the long-vowel mark, minus sign. */
const DASHES = /[\u2010-\u2015\u2212\u30fc\uff70\ufe63\u02d7\u2043]/g;

export function normalizeTypedInput(kind: TypedInputKind, value: string): string {
  const folded = value.normalize('NFKC').trim();
  switch (kind) {
    case 'code':
      return folded;
    case 'phone':
      return folded.replace(DASHES, '-');
    case 'email':
      return folded.replace(/\s+/g, '');
  }
}
