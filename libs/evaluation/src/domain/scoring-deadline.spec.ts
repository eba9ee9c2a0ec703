import { assertBeforeScoringDeadline, assertScoringDeadlineAfterCall } from './scoring-deadline';

describe('the scoring deadline', () => {
  const deadline = new Date('2025-04-10T17:00:00+09:00');

  it('accepts a score up to 16:59:59.999 JST and refuses one at 17:00 JST, with the deadline in JST and era', () => {
    expect(() => assertBeforeScoringDeadline(deadline, new Date('2025-04-10T16:59:59.999+09:00'))).not.toThrow();
    expect(() => assertBeforeScoringDeadline(deadline, new Date('2025-04-10T08:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'DEADLINE_PASSED', messages: expect.objectContaining({ ja: expect.stringContaining('令和7年4月10日（木）17:00') }) }),
    );
  });

  it('does not apply while none is set', () => {
    expect(() => assertBeforeScoringDeadline(null, new Date('2099-01-01T00:00:00Z'))).not.toThrow();
  });

  it('must come after the call closes', () => {
    const closes = new Date('2025-03-31T17:00:00+09:00');
    expect(() => assertScoringDeadlineAfterCall(closes, closes)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => assertScoringDeadlineAfterCall(deadline, closes)).not.toThrow();
  });
});
