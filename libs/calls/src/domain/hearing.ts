/** How a hearing (ヒアリング, 公募要領 3(1)) is held. */
export enum HearingFormat {
  /** Online meeting: the place is its URL. */
  ONLINE = 'ONLINE',
  /** At a venue: the place is its address or room. */
  IN_PERSON = 'IN_PERSON',
}

export interface HearingArrangement {
  at: Date;
  format: HearingFormat | null;
  place: string;
  note: string;
}

/** A hearing changed in what the prefecture must know (time, format, place or note): a new notice is owed. */
export function hearingChanged(before: HearingArrangement | null, after: HearingArrangement): boolean {
  return !before || before.at.getTime() !== after.at.getTime() || before.format !== after.format || before.place !== after.place || before.note !== after.note;
}

/** The words of the hearing notice: format, what the place is called, the place (never blank in a letter). */
export function hearingWords(h: { format: HearingFormat | null; place: string }): { format: string; placeLabel: string; place: string } {
  const place = h.place.trim();
  if (h.format === HearingFormat.ONLINE) return { format: 'オンライン（Web会議）', placeLabel: '接続先', place: place || '追ってご連絡します' };
  if (h.format === HearingFormat.IN_PERSON) return { format: '対面', placeLabel: '場所', place: place || '追ってご連絡します' };
  return { format: '追ってご連絡します', placeLabel: '場所・接続先', place: place || '追ってご連絡します' };
}
