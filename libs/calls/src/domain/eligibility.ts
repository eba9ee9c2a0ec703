/** 応募要件 2(2) 1–9 of the call: all nine must hold for a region to be adopted. */
export const ELIGIBILITY_REQUIREMENTS = [
  {
    number: 1,
    titleJa: '連携市区町村の同意と覚書（地域課題・支援内容の検討で連携していること）',
    titleEn: 'Partner municipalities consent and a memorandum backs each partnership',
  },
  {
    number: 2,
    titleJa: '過去に選定された地域は前回より1以上多くの市町村と連携すること',
    titleEn: 'A region selected before partners with at least one more municipality than last time',
  },
  {
    number: 3,
    titleJa: '連携市区町村以外の管内市区町村の傍聴・オブザーバー参加を促進できること',
    titleEn: 'Non-partner municipalities of the prefecture can observe the meetings',
  },
  {
    number: 4,
    titleJa: '地域DX推進体制を構築・拡充し地域DXを推進する強い意思を有すること',
    titleEn: 'A strong will to build or extend the regional DX structure',
  },
  {
    number: 5,
    titleJa: '伴走支援を受け入れる体制を確立できること（機器・備品の貸与、関係部局の参画）',
    titleEn: 'Capacity to host the experts (desk, equipment, departments taking part)',
  },
  { number: 6, titleJa: '総務省及び事務局からの連絡に迅速に対応する体制を確立できること', titleEn: 'Fast responses to the ministry and the secretariat' },
  {
    number: 7,
    titleJa: '伴走支援事業者（候補を含む）からの問い合わせに対応できる体制を確立できること',
    titleEn: 'Answering vendor questions during the vendor call and the support',
  },
  { number: 8, titleJa: '総務省の実施する他の施策（広報事業等）に可能な限り協力すること', titleEn: "Cooperating with the ministry's other measures (PR)" },
  {
    number: 9,
    titleJa: '採択されても伴走支援を受けられない場合があることを承諾していること',
    titleEn: 'Accepting that adoption may still end with no support',
  },
] as const;

export const REQUIREMENT_NUMBERS: readonly number[] = ELIGIBILITY_REQUIREMENTS.map((r) => r.number);

export interface RequirementState {
  number: number;
  declared: boolean | null;
  /** The secretariat's check; null while not checked. */
  met: boolean | null;
}

/**
 * Requirements that do not hold yet: each must be declared by the applicant and confirmed by
 * the secretariat's check. Requirement 2 additionally needs the repeat-applicant partner rule.
 */
export function unmetRequirements(states: readonly RequirementState[], repeatRuleHolds: boolean): number[] {
  const byNo = new Map(states.map((s) => [s.number, s]));
  return REQUIREMENT_NUMBERS.filter((n) => {
    const s = byNo.get(n);
    if (!s || s.declared !== true || s.met !== true) return true;
    return n === 2 && !repeatRuleHolds;
  });
}

/** Requirements the applicant has not declared as held, which block submission. */
export function undeclaredRequirements(states: readonly { number: number; declared: boolean | null }[]): number[] {
  const declared = new Set(states.filter((s) => s.declared === true).map((s) => s.number));
  return REQUIREMENT_NUMBERS.filter((n) => !declared.has(n));
}

/**
 * What is wrong with a set of requirement numbers given together (the secretariat's checks of one application): numbers
 * outside 1–9 and numbers given more than once, each named once, in the order given. Empty when the set can be recorded.
 */
export function requirementNumberProblems(numbers: readonly number[]): { unknown: number[]; duplicate: number[] } {
  const unknown: number[] = [];
  const duplicate: number[] = [];
  const seen = new Set<number>();
  for (const n of numbers) {
    if (!REQUIREMENT_NUMBERS.includes(n)) {
      if (!unknown.includes(n)) unknown.push(n);
    } else if (seen.has(n)) {
      if (!duplicate.includes(n)) duplicate.push(n);
    }
    seen.add(n);
  }
  return { unknown, duplicate };
}
