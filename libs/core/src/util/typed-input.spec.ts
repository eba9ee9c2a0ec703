import { normalizeTypedInput } from './typed-input';

describe('normalizeTypedInput (全角 as officials type it)', () => {
  it('folds full-width digits of codes', () => {
    expect(normalizeTypedInput('code', '１３１００３')).toBe('131003');
    expect(normalizeTypedInput('code', ' ７０１０００１０１２３４５ ')).toBe('7010001012345');
  });

  it('turns every dash of a Japanese keyboard into a hyphen in phone numbers', () => {
    for (const dash of ['－', 'ー', '‐', '−', '―', 'ｰ']) expect(normalizeTypedInput('phone', `０３${dash}１２３４${dash}５６７８`)).toBe('03-1234-5678');
    expect(normalizeTypedInput('phone', '（０３）１２３４－５６７８')).toBe('(03)1234-5678');
  });

  it('folds a full-width e-mail address and drops stray spaces', () => {
    expect(normalizeTypedInput('email', 'ｉｎｆｏ＠ｅｘａｍｐｌｅ．ｊｐ　')).toBe('info@example.jp');
  });
});
