/**
 * 法人番号: 13 digits, the first a check digit over the other twelve (国税庁): with P_n the n-th digit of the 12-digit
 * base counted from the right and Q_n = 1 for odd n, 2 for even n, check = 9 − (Σ P_n × Q_n mod 9). The server checks
 * the same; checking here too tells a typo at once, beside the field.
 */
export function isValidCorporateNumber(value: string): boolean {
  if (!/^\d{13}$/.test(value)) return false;
  let sum = 0;
  for (let n = 1; n <= 12; n++) sum += Number(value[13 - n]) * (n % 2 === 1 ? 1 : 2);
  return 9 - (sum % 9) === Number(value[0]);
}
