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
