/** An amount as Japanese letters and notices write it: 「30,000,000円」. */
export function yenJa(value: number): string {
  return `${Number(value).toLocaleString('ja-JP')}円`;
}
