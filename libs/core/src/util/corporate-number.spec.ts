import { corporateNumberCheckDigit, isValidCorporateNumber } from './corporate-number';

describe('法人番号', () => {
  it('the first digit checks the other twelve (国税庁 7000012050002)', () => {
    expect(corporateNumberCheckDigit('000012050002')).toBe(7);
    expect(isValidCorporateNumber('7000012050002')).toBe(true);
    expect(isValidCorporateNumber('8000012050002')).toBe(false);
    expect(isValidCorporateNumber('700001205000')).toBe(false);
  });
});
