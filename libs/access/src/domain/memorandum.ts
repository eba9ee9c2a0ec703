/**
 * 覚書: a memorandum is between the prefecture and one partner municipality. The staff, the
 * prefecture and that partner read it; other partners of the same application, vendors and the
 * public see the partnership, not the file. GraphQL (`PartnerMunicipality.memorandum`) and the
 * download (GET /documents/:id) both ask this.
 */
export function mayReadMemorandum(
  actor: { role: string; prefectureCode: string | null; municipalityCode: string | null } | null,
  partner: { municipalityCode: string },
): boolean {
  if (!actor) return false;
  if (actor.role === 'SECRETARIAT' || actor.role === 'MINISTRY') return true;
  if (actor.role === 'PREFECTURE') return actor.prefectureCode === partner.municipalityCode.slice(0, 2);
  return actor.role === 'MUNICIPALITY' && actor.municipalityCode === partner.municipalityCode;
}
