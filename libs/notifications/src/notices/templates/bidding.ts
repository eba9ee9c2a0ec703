import { NoticeTemplateDef } from './types';

/** The vendor call: bids returned to draft by a material change, questions (応募要件7) and their published answers. */
export const BIDDING_TEMPLATES = {
  BIDS_RETURNED_TO_DRAFT: {
    name: '公募内容の変更に伴う再提出のお願い（事業者）',
    subject: '伴走支援事業者の公募「{{callTitle}}」の内容変更に伴う再提出のお願い',
    body:
      '{{fiscalYear}}{{programmeName}}の伴走支援事業者の公募「{{callTitle}}」につきまして、公募の内容を次のとおり変更しました。\n\n' +
      '{{changes}}\n\n' +
      'この変更が貴社の提案に関わるため、提出いただいた応募を下書きに戻しました。\n' +
      '誠にお手数ですが、変更後の内容をご確認のうえ、次の締切までに改めて提出してください。\n\n' +
      '提出期限：{{deadline}}\n\n' +
      '期限までに再提出がない場合、当該応募は審査の対象となりませんので、ご留意ください。\n',
    placeholders: ['vendorName', 'callTitle', 'changes', 'deadline'],
  },
  VENDOR_CALL_REGION_REMOVED: {
    name: '公募の対象地域からの除外のお知らせ（都道府県）',
    subject: '伴走支援事業者の公募「{{callTitle}}」の対象地域の変更について',
    body:
      '{{fiscalYear}}{{programmeName}}の伴走支援事業者の公募「{{callTitle}}」につきまして、{{changedOn}}、貴団体の候補地域（{{prefectureName}}）を公募の対象地域から除外しました。\n\n' +
      'この公募では、貴団体の候補地域を対象とする提案は受け付けず、審査・選定の対象となりません。\n' +
      '除外の経緯や今後の伴走支援の見込みについては、事務局までお問い合わせください。\n',
    placeholders: ['prefectureName', 'callTitle', 'changedOn'],
  },
  INQUIRY_RECEIVED: {
    name: '事業者からの質問の受付のお知らせ（都道府県）',
    subject: '伴走支援事業者の公募「{{callTitle}}」 貴地域に関する質問の受付のお知らせ',
    body:
      '{{fiscalYear}}{{programmeName}}の伴走支援事業者の公募につきまして、貴地域（{{prefectureName}}）に関する質問を次のとおり受け付けましたので、お知らせします。\n' +
      '応募要件7に基づき、回答をお願いいたします。\n\n' +
      '受付日時：{{askedAt}}\n' +
      '質問者：{{asker}}\n' +
      '質問：\n{{question}}\n\n' +
      '回答は、システムの質問一覧から登録してください（質問の受付締切：{{questionsCloseAt}}）。\n',
    placeholders: ['prefectureName', 'callTitle', 'askedAt', 'asker', 'question', 'questionsCloseAt'],
  },
  INQUIRY_ANSWER_PUBLISHED: {
    name: '質問への回答の公表のお知らせ（事業者）',
    subject: '伴走支援事業者の公募「{{callTitle}}」 {{prefectureName}}に関する質問への回答のお知らせ',
    body:
      '{{fiscalYear}}{{programmeName}}の伴走支援事業者の公募につきまして、貴社が応募又は質問された地域（{{prefectureName}}）に関する質問への回答を公表しましたので、お知らせします。\n\n' +
      '質問：\n{{question}}\n\n' +
      '回答：\n{{answer}}\n\n' +
      '公表日時：{{publishedAt}}\n' +
      '公表された質問と回答は、システムの質問一覧でもご確認いただけます。\n',
    placeholders: ['vendorName', 'callTitle', 'prefectureName', 'question', 'answer', 'publishedAt'],
  },
} satisfies Record<string, NoticeTemplateDef>;
