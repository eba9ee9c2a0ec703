/** Where a prefecture stands in a programme, for the dashboard's map of Japan. */
export enum PrefectureSupport {
  /** A vendor was selected for one of its candidate regions (published result). */
  SUPPORTED = 'SUPPORTED',
  /** Its candidate regions were left without a vendor by a published result. */
  UNSUPPORTED = 'UNSUPPORTED',
  /** A candidate region whose result is not published yet. */
  PENDING = 'PENDING',
  /** No candidate region: it did not apply, or its application was not adopted. */
  NO_APPLICATION = 'NO_APPLICATION',
}

/** JIS X 0401: the 47 codes are fixed, so every prefecture appears on the map even without any row. */
export const PREFECTURE_CODES: readonly string[] = Array.from({ length: 47 }, (_, i) => String(i + 1).padStart(2, '0'));

/**
 * One status per prefecture from its candidate regions' outcomes: a selected vendor anywhere wins (a region supported
 * in the first round stays supported), then a published "no vendor" (even while a follow-up call runs), then pending.
 */
export function prefectureSupport(
  regions: ReadonlyArray<{ candidateRegionId: string; prefectureCode: string; selected: boolean; unsupported: boolean }>,
): Array<{ prefectureCode: string; status: PrefectureSupport; candidateRegions: number }> {
  return PREFECTURE_CODES.map((code) => {
    const mine = regions.filter((r) => r.prefectureCode === code);
    const status = mine.some((r) => r.selected)
      ? PrefectureSupport.SUPPORTED
      : mine.some((r) => r.unsupported)
        ? PrefectureSupport.UNSUPPORTED
        : mine.length
          ? PrefectureSupport.PENDING
          : PrefectureSupport.NO_APPLICATION;
    return { prefectureCode: code, status, candidateRegions: new Set(mine.map((r) => r.candidateRegionId)).size };
  });
}
