import { NoticeTemplateDef } from './types';

/** Stage 2: the selection of vendors (選定結果通知) and later changes to it. */
export const MATCHING_TEMPLATES = {
  STAGE2_RESULT_REGION_SELECTED: {
    name: '選定結果通知（地域・支援あり）',
    subject: '推進体制構築支援（{{prefectureName}}）選定結果のお知らせ',
    body: '{{fiscalYear}}{{programmeName}}につきまして、貴地域を支援する伴走支援事業者を次のとおり選定しましたので、お知らせします。\n\n選定事業者：{{vendorName}}\n\n今後の進め方は、選定事業者及び事務局から追ってご連絡します。\n',
    placeholders: ['prefectureName', 'vendorName'],
  },
  STAGE2_RESULT_REGION_UNSUPPORTED: {
    name: '選定結果通知（地域・支援なし）',
    subject: '推進体制構築支援（{{prefectureName}}）選定結果のお知らせ',
    body: '{{fiscalYear}}{{programmeName}}につきまして、伴走支援事業者の選定結果をお知らせします。\n\n誠に残念ながら、貴地域は伴走支援を受けられないこととなりました。\n理由：{{reason}}\n\n追加の公募を行う場合は、改めてご連絡します。\n',
    placeholders: ['prefectureName', 'reason'],
  },
  STAGE2_RESULT_VENDOR: {
    name: '選定結果通知（事業者）',
    subject: '伴走支援事業者の公募 選定結果のお知らせ（{{vendorName}}）',
    body: '{{fiscalYear}}{{programmeName}}の伴走支援事業者の公募につきまして、貴社が提案された地域ごとの選定結果を次のとおりお知らせします。\n\n{{regionOutcomes}}\n\n各提案の評価結果は、システムのフィードバックシートでご確認いただけます。\n',
    placeholders: ['vendorName', 'regionOutcomes'],
  },
  RESULT_CHANGED_REGION_OFFERED: {
    name: '選定結果変更通知（地域・繰り上げ選定）',
    subject: '推進体制構築支援（{{prefectureName}}）選定結果の変更のお知らせ',
    body: '選定事業者の辞退により、貴地域の伴走支援事業者が変更となりましたので、お知らせします。\n\n新たな選定事業者：{{vendorName}}\n',
    placeholders: ['prefectureName', 'vendorName'],
  },
  RESULT_CHANGED_REGION_NONE: {
    name: '選定結果変更通知（地域・支援なし）',
    subject: '推進体制構築支援（{{prefectureName}}）選定結果の変更のお知らせ',
    body: '選定事業者の辞退により、誠に残念ながら、貴地域は伴走支援を受けられないこととなりました。\n',
    placeholders: ['prefectureName'],
  },
  RESULT_CHANGED_VENDOR_OFFERED: {
    name: '選定通知（事業者・繰り上げ選定）',
    subject: '伴走支援事業者の公募 選定のお知らせ（{{vendorName}}）',
    body: '{{prefectureName}}の伴走支援事業者として、貴社を選定しました（繰り上げ選定）ので、お知らせします。\n',
    placeholders: ['prefectureName', 'vendorName'],
  },
} satisfies Record<string, NoticeTemplateDef>;
