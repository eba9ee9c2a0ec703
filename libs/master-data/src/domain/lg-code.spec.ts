import { isValidCorporateNumber } from '@app/core/util/corporate-number';
import { isBasicLocalGovernment, isValidLgCode, lgCodeCheckDigit, localGovernmentCorporateNumber } from './lg-code';
import { readMunicipalityCsv } from '../master-data.loader';

describe('全国地方公共団体コード', () => {
  it('computes the check digit (weights 6,5,4,3,2; (11 - S mod 11) mod 10)', () => {
    expect(lgCodeCheckDigit('01100')).toBe(2); // 札幌市 011002
    expect(lgCodeCheckDigit('13101')).toBe(6); // 千代田区 131016
    expect(isValidLgCode('282090')).toBe(true); // 豊岡市
    expect(isValidLgCode('282091')).toBe(false);
    expect(isValidLgCode('28209')).toBe(false);
  });

  it('loads the carried code list: 47 prefectures, 1,918 municipalities, 1,741 basic local governments', () => {
    const { prefectures, municipalities } = readMunicipalityCsv();
    expect(prefectures).toHaveLength(47);
    expect(municipalities).toHaveLength(1918);
    expect(municipalities.filter((m) => m.isBasic)).toHaveLength(1741);
    expect(isBasicLocalGovernment({ lgCode: '016951', kind: 'village' })).toBe(false); // 色丹村
    expect(isBasicLocalGovernment({ lgCode: '014036', kind: 'village' })).toBe(true); // 後志の泊村
    expect(isBasicLocalGovernment({ lgCode: '011011', kind: 'ward' })).toBe(false);
  });

  it("a local public entity's 法人番号: check digit, then 000020 and its 団体コード (国税庁)", () => {
    expect(localGovernmentCorporateNumber('010006')).toBe('7000020010006'); // 北海道
    expect(localGovernmentCorporateNumber('130001')).toBe('8000020130001'); // 東京都
    const osaka = localGovernmentCorporateNumber('270008'); // 大阪府
    expect(osaka).toMatch(/^\d000020270008$/);
    expect(isValidCorporateNumber(osaka)).toBe(true);
    // Every carried prefecture gets a valid, distinct 法人番号.
    const numbers = readMunicipalityCsv().prefectures.map((p) => localGovernmentCorporateNumber(p.lgCode));
    expect(numbers.every(isValidCorporateNumber)).toBe(true);
    expect(new Set(numbers).size).toBe(47);
    expect(() => localGovernmentCorporateNumber('010007')).toThrow(); // a wrong 団体コード check digit
  });
});
