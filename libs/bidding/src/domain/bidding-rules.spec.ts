import { assertMaterialChangeAllowed, bidChangeOf } from './material-change';
import { assertBudgetWithinCaps, missingForVendorSubmission } from './proposal-rules';

describe('bidding rules', () => {
  it('a material change: free while a draft, refused from 7 days before the deadline, else returns bids', () => {
    const closesAt = new Date('2025-03-28T06:00:00Z');
    expect(assertMaterialChangeAllowed({ status: 'DRAFT', closesAt }, new Date('2025-03-27T00:00:00Z'))).toEqual({ returnSubmitted: false });
    expect(assertMaterialChangeAllowed({ status: 'OPEN', closesAt }, new Date('2025-03-21T05:59:59Z'))).toEqual({ returnSubmitted: true });
    expect(() => assertMaterialChangeAllowed({ status: 'OPEN', closesAt }, new Date('2025-03-21T06:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'MATERIAL_CHANGE_TOO_LATE' }),
    );
    expect(() => assertMaterialChangeAllowed({ status: 'CLOSED', closesAt }, new Date('2025-03-01T00:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'INVALID_STATE' }),
    );
  });

  it('budgets stay within the region cap and the programme cap', () => {
    expect(() => assertBudgetWithinCaps(50_000_000, 50_000_000, 80_000_000)).not.toThrow();
    expect(() => assertBudgetWithinCaps(50_000_001, 50_000_000, 80_000_000)).toThrow(expect.objectContaining({ code: 'BUDGET_OVER_CAP' }));
    expect(() => assertBudgetWithinCaps(90_000_000, null, 80_000_000)).toThrow(expect.objectContaining({ code: 'BUDGET_OVER_CAP' }));
    expect(() => assertBudgetWithinCaps(90_000_000, null, null)).not.toThrow();
  });

  it('a vendor application needs a capacity and complete proposals', () => {
    expect(missingForVendorSubmission({ capacity: null, proposals: [] }, 'DX_STRUCTURE')).toEqual(['PROPOSAL', 'CAPACITY']);
    expect(
      missingForVendorSubmission(
        { capacity: 1, proposals: [{ candidateRegionId: 'r', menuItemCodes: ['DX_STRUCTURE'], teamSize: 0, approach: ' ' }] },
        'DX_STRUCTURE',
      ),
    ).toEqual(['TEAM:r', 'APPROACH:r']);
  });

  it('a material change touches a bid only through its criteria or a region it proposes for', () => {
    expect(bidChangeOf({}, ['r1'])).toBeNull(); // a deadline change alone
    expect(bidChangeOf({ removedRegionIds: ['r2'] }, ['r1'])).toBeNull();
    expect(bidChangeOf({ removedRegionIds: ['r1', 'r2'] }, ['r1', 'r3'])).toEqual({ removedRegionIds: ['r1'] });
    expect(bidChangeOf({ criteria: 'CRITERIA' }, ['r1'])).toEqual({ criteria: 'CRITERIA', removedRegionIds: [] });
    expect(bidChangeOf({ criteria: 'PASS_THRESHOLD', removedRegionIds: ['r9'] }, [])).toEqual({ criteria: 'PASS_THRESHOLD', removedRegionIds: [] });
  });
});
