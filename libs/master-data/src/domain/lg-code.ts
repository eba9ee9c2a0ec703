import { corporateNumberCheckDigit } from '@app/core/util/corporate-number';

/**
 * 全国地方公共団体コード: five JIS X 0402 digits and a check digit.
 * Check digit: weights 6,5,4,3,2 over the first five digits, S = weighted sum,
 * check = (11 - S mod 11) mod 10.
 */
export function lgCodeCheckDigit(firstFive: string): number {
  const weights = [6, 5, 4, 3, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(firstFive[i]), 0);
  return (11 - (sum % 11)) % 10;
}

export function isValidLgCode(code: string): boolean {
  return /^\d{6}$/.test(code) && lgCodeCheckDigit(code.slice(0, 5)) === Number(code[5]);
}

/**
 * The 法人番号 of a local public entity (地方公共団体), derived from its 全国地方公共団体コード. The National Tax Agency
 * assigns a 法人番号 to every 地方公共団体 (法人番号の指定等に関する省令: an entity without a 会社法人等番号 gets a
 * 12-digit base number from the NTA), and for local public entities that base is fixed: "000020" followed by the
 * entity's 6-digit 全国地方公共団体コード (its own check digit included); the 13-digit 法人番号 is the 法人番号 check digit
 * over those twelve digits, then the twelve. E.g. 北海道 010006 → 7000020010006, 東京都 130001 → 8000020130001.
 */
export function localGovernmentCorporateNumber(lgCode: string): string {
  if (!isValidLgCode(lgCode)) throw new Error(`not a 全国地方公共団体コード: ${lgCode}`);
  const base12 = `000020${lgCode}`;
  return `${corporateNumberCheckDigit(base12)}${base12}`;
}

export type MunicipalityKind = 'prefecture' | 'city' | 'town' | 'village' | 'special_ward' | 'ward';

/** The six Northern Territories villages have codes but no functioning government. */
export const NORTHERN_TERRITORIES_CODES = new Set(['016951', '016969', '016977', '016985', '016993', '017001']);

/**
 * A basic local government (市町村 or 東京都特別区) that can partner in a region application.
 * Designated-city wards are not local governments of their own, and the Northern Territories
 * villages do not function.
 */
export function isBasicLocalGovernment(m: { lgCode: string; kind: MunicipalityKind }): boolean {
  return ['city', 'town', 'village', 'special_ward'].includes(m.kind) && !NORTHERN_TERRITORIES_CODES.has(m.lgCode);
}
