/**
 * 法人番号: 13 digits, the first a check digit over the other twelve (国税庁 法人番号の指定等に関する省令).
 * With P_n the n-th digit of the 12-digit base counted from the right and Q_n = 1 for odd n,
 * 2 for even n: check = 9 - (Σ P_n × Q_n mod 9).
 */
export function corporateNumberCheckDigit(base12: string): number {
  let sum = 0;
  for (let n = 1; n <= 12; n++) sum += Number(base12[12 - n]) * (n % 2 === 1 ? 1 : 2);
  return 9 - (sum % 9);
}

export function isValidCorporateNumber(value: string): boolean {
  return /^\d{13}$/.test(value) && corporateNumberCheckDigit(value.slice(1)) === Number(value[0]);
}
