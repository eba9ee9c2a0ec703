/** 支援メニュー of the call (1(2)). The structure-building item is required in every application and proposal. */
export interface SupportMenuEntry {
  code: string;
  parentCode: string | null;
  titleJa: string;
  titleEn: string;
  required: boolean;
}

export const REQUIRED_SUPPORT_MENU_ITEM = 'DX_STRUCTURE';

export const SUPPORT_MENU: readonly SupportMenuEntry[] = [
  { code: 'DX_STRUCTURE', parentCode: null, titleJa: '地域DX推進体制の構築支援', titleEn: 'Building the regional DX structure', required: true },
  {
    code: 'DX_STRUCTURE_PREF_MUNI',
    parentCode: 'DX_STRUCTURE',
    titleJa: '都道府県・市区町村の連携推進',
    titleEn: 'Prefecture–municipality cooperation',
    required: false,
  },
  {
    code: 'DX_STRUCTURE_STAKEHOLDERS',
    parentCode: 'DX_STRUCTURE',
    titleJa: '地域のステークホルダー（金融機関、企業・団体、教育機関等）との連携体制の検討補助',
    titleEn: 'Cooperation with local stakeholders (banks, companies, associations, schools)',
    required: false,
  },
  { code: 'DX_PROMOTION', parentCode: null, titleJa: '地域DXの推進支援', titleEn: 'Promoting regional DX', required: false },
  {
    code: 'DX_PROMOTION_ISSUES',
    parentCode: 'DX_PROMOTION',
    titleJa: '地域DXに係る課題整理や取組方針策定の補助',
    titleEn: 'Issue analysis and policy',
    required: false,
  },
  {
    code: 'DX_PROMOTION_TALENT',
    parentCode: 'DX_PROMOTION',
    titleJa: 'DX推進人材の育成・連携方策の検討補助',
    titleEn: 'Developing DX talent',
    required: false,
  },
  {
    code: 'DX_PROMOTION_SOLUTION_PLAN',
    parentCode: 'DX_PROMOTION',
    titleJa: 'ソリューション実装計画の策定支援',
    titleEn: 'Solution implementation plan',
    required: false,
  },
  {
    code: 'DX_PROMOTION_IMPLEMENTATION',
    parentCode: 'DX_PROMOTION',
    titleJa: 'ソリューション実装の推進（マネジメント含む）の補助',
    titleEn: 'Implementation management',
    required: false,
  },
];

export const SUPPORT_MENU_CODES = new Set(SUPPORT_MENU.map((s) => s.code));

/** The items a desired-support list must contain: the required one, whatever the applicant picked. */
export function withRequiredItem(codes: readonly string[]): string[] {
  return codes.includes(REQUIRED_SUPPORT_MENU_ITEM) ? [...codes] : [REQUIRED_SUPPORT_MENU_ITEM, ...codes];
}

/** A detailed (◇) item of the call's support menu (1(2)), chosen under its menu item. Codes are stable: stored and published. */
export interface SupportMenuDetail {
  code: string;
  menuItemCode: string;
  nameJa: string;
  nameEn: string;
}

export const SUPPORT_MENU_DETAILS: readonly SupportMenuDetail[] = [
  {
    code: 'PREF_MUNI_STRUCTURE',
    menuItemCode: 'DX_STRUCTURE_PREF_MUNI',
    nameJa: '都道府県・市区町村における地域DXの推進体制（庁内の役割分担や実行管理方法）検討補助',
    nameEn: 'Designing the regional DX structure of the prefecture and municipalities (roles within the office, progress management)',
  },
  {
    code: 'PREF_MUNI_SUPPORT_MEASURES',
    menuItemCode: 'DX_STRUCTURE_PREF_MUNI',
    nameJa: '市区町村のDX推進を都道府県が支援する方策の検討補助（特に、市区町村における継続的なデジタル人材の確保・育成に係るもの）',
    nameEn: 'How the prefecture supports municipalities’ DX (especially securing and developing digital staff over time)',
  },
  {
    code: 'ISSUES_EXTRACTION',
    menuItemCode: 'DX_PROMOTION_ISSUES',
    nameJa: '都道府県・市区町村による地域課題の抽出・整理の補助',
    nameEn: 'Identifying and organising regional issues',
  },
  {
    code: 'ISSUES_POLICY',
    menuItemCode: 'DX_PROMOTION_ISSUES',
    nameJa: '当該地域課題を踏まえた都道府県・市区町村による取組方針の検討の補助',
    nameEn: 'A policy for those issues',
  },
  { code: 'ISSUES_STAKEHOLDERS', menuItemCode: 'DX_PROMOTION_ISSUES', nameJa: '地域のステークホルダーの洗い出しの補助', nameEn: 'Listing local stakeholders' },
  { code: 'ISSUES_GOOD_PRACTICES', menuItemCode: 'DX_PROMOTION_ISSUES', nameJa: '他地域における好事例の紹介', nameEn: 'Good practices of other regions' },
  {
    code: 'TALENT_TEAM_TRAINING',
    menuItemCode: 'DX_PROMOTION_TALENT',
    nameJa: '地域DXの推進人材の育成・研修（ワークショップを通じたチームビルディング等）',
    nameEn: 'Developing and training regional DX staff (team building through workshops)',
  },
  { code: 'TALENT_STAFF_TRAINING', menuItemCode: 'DX_PROMOTION_TALENT', nameJa: '幹部職員・一般職員に対する研修', nameEn: 'Training for executives and staff' },
  { code: 'SOLUTION_STUDY', menuItemCode: 'DX_PROMOTION_SOLUTION_PLAN', nameJa: 'ソリューションの検討の補助', nameEn: 'Choosing a solution' },
  {
    code: 'SOLUTION_NETWORK',
    menuItemCode: 'DX_PROMOTION_SOLUTION_PLAN',
    nameJa: 'ネットワーク構成・機器等の要件の検討の補助',
    nameEn: 'Network and equipment requirements',
  },
  {
    code: 'SOLUTION_COST',
    menuItemCode: 'DX_PROMOTION_SOLUTION_PLAN',
    nameJa: '導入・運用コストや費用対効果の検討の補助',
    nameEn: 'Costs and cost-effectiveness',
  },
  {
    code: 'SOLUTION_FUNDING',
    menuItemCode: 'DX_PROMOTION_SOLUTION_PLAN',
    nameJa: '運用モデルや資金計画、マネタイズの仕組みの検討の補助',
    nameEn: 'Operating model, funding plan and monetisation',
  },
  {
    code: 'SOLUTION_GRANT_APPLICATION',
    menuItemCode: 'DX_PROMOTION_SOLUTION_PLAN',
    nameJa: '実証事業、補助事業等への申請支援',
    nameEn: 'Applying for pilot and subsidy programmes',
  },
];

/** The ◇ items of one menu item, in the call's order. */
export function detailsOf(menuItemCode: string): SupportMenuDetail[] {
  return SUPPORT_MENU_DETAILS.filter((d) => d.menuItemCode === menuItemCode);
}

/** The chosen detail codes that are not ◇ items of their menu item (unknown codes included). */
export function misplacedDetails(items: ReadonlyArray<{ menuItemCode: string; detailCodes?: readonly string[] }>): string[] {
  const owner = new Map(SUPPORT_MENU_DETAILS.map((d) => [d.code, d.menuItemCode]));
  return items.flatMap((i) => (i.detailCodes ?? []).filter((c) => owner.get(c) !== i.menuItemCode));
}

/** Whether the region builds a new regional DX structure or extends an existing one (the call's 構築 / 拡充). */
export enum StructureMode {
  BUILD = 'BUILD',
  EXTEND = 'EXTEND',
}
