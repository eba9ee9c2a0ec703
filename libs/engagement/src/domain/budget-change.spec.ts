import { budgetChangeNeedsApproval } from './budget-change';

describe('engagement budget changes', () => {
  it('need approval only beyond the awarded bid, or beyond a figure already approved', () => {
    expect(budgetChangeNeedsApproval(20_000_000, { awardedYen: 20_000_000 })).toBe(false);
    expect(budgetChangeNeedsApproval(19_000_000, { awardedYen: 20_000_000 })).toBe(false);
    expect(budgetChangeNeedsApproval(20_000_001, { awardedYen: 20_000_000 })).toBe(true);
    expect(budgetChangeNeedsApproval(79_000_000, { awardedYen: 20_000_000, approvedYen: null })).toBe(true);
    expect(budgetChangeNeedsApproval(25_000_000, { awardedYen: 20_000_000, approvedYen: 25_000_000 })).toBe(false);
    expect(budgetChangeNeedsApproval(25_000_001, { awardedYen: 20_000_000, approvedYen: 25_000_000 })).toBe(true);
  });
});
