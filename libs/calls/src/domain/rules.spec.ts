import { assertAcceptingSubmissions, CallStatus } from './call-window';
import { missingForSubmission } from './completeness';
import { unmetRequirements } from './eligibility';
import { budgetCapYen, participationRatio, repeatApplicantRuleHolds, repeatBonusPoints, requiredPartnerCount } from './repeat-applicant';
import { withRequiredItem } from './support-menu';

const all = (declared: boolean | null, met: boolean | null) => [1, 2, 3, 4, 5, 6, 7, 8, 9].map((number) => ({ number, declared, met }));

describe('rules of the call as pure functions', () => {
  it('repeat applicant: one more partner than the previous selected application', () => {
    expect(requiredPartnerCount(null)).toBe(1);
    expect(requiredPartnerCount({ previousPartnerCount: 2, previousFiscalYear: 2024 })).toBe(3);
    expect(repeatApplicantRuleHolds({ previousPartnerCount: 2, previousFiscalYear: 2024 }, 2)).toBe(false);
    expect(repeatApplicantRuleHolds({ previousPartnerCount: 2, previousFiscalYear: 2024 }, 3)).toBe(true);
  });

  it('repeat applicant: bonus in proportion to participation, and the 50,000,000 yen cap', () => {
    expect(participationRatio(3, 41)).toBeCloseTo(0.0732, 4);
    expect(participationRatio(50, 41)).toBe(1);
    expect(repeatBonusPoints(true, 0.5, 10)).toBe(5);
    expect(repeatBonusPoints(false, 0.5, 10)).toBe(0);
    expect(budgetCapYen(true, 80_000_000)).toBe(50_000_000);
    expect(budgetCapYen(true, 30_000_000)).toBe(30_000_000);
    expect(budgetCapYen(false, 80_000_000)).toBe(80_000_000);
  });

  it('adoption needs all nine declared and checked; requirement 2 also needs the partner rule', () => {
    expect(unmetRequirements(all(true, true), true)).toEqual([]);
    expect(unmetRequirements(all(true, null), true)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(unmetRequirements(all(true, true), false)).toEqual([2]);
    const one = all(true, true);
    one[6] = { number: 7, declared: false, met: true };
    expect(unmetRequirements(one, true)).toEqual([7]);
  });

  it('submission completeness', () => {
    expect(missingForSubmission({ partners: [], declarations: [], consentedContactCount: 0 })).toEqual(
      expect.arrayContaining(['PARTNER_MUNICIPALITY', 'REQUIREMENT:1', 'CONTACT']),
    );
    expect(
      missingForSubmission({
        partners: [{ municipalityCode: '282090', hasMemorandum: true, issueCount: 1 }],
        declarations: all(true, null),
        consentedContactCount: 1,
      }),
    ).toEqual([]);
  });

  it('the required support item is always included', () => {
    expect(withRequiredItem(['DX_PROMOTION_TALENT'])).toEqual(['DX_STRUCTURE', 'DX_PROMOTION_TALENT']);
    expect(withRequiredItem(['DX_STRUCTURE'])).toEqual(['DX_STRUCTURE']);
  });

  it('deadline: strictly before closesAt; not before opensAt; only while OPEN', () => {
    const call = { status: CallStatus.OPEN, opensAt: new Date('2025-02-09T15:00:00Z'), closesAt: new Date('2025-02-28T08:00:00Z') };
    expect(() => assertAcceptingSubmissions(call, new Date('2025-02-28T07:59:59.999Z'))).not.toThrow();
    expect(() => assertAcceptingSubmissions(call, new Date('2025-02-28T08:00:00Z'))).toThrow(expect.objectContaining({ code: 'DEADLINE_PASSED' }));
    expect(() => assertAcceptingSubmissions(call, new Date('2025-02-09T14:59:59Z'))).toThrow(expect.objectContaining({ code: 'CALL_NOT_OPEN' }));
    expect(() => assertAcceptingSubmissions({ ...call, status: CallStatus.DRAFT }, new Date('2025-02-20T00:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'CALL_NOT_OPEN' }),
    );
  });
});
