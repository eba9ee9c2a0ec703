import { NoticeTemplateDef } from './types';

/**
 * Stage 1: the region call (支援地域の公募). The result of each application (採択通知 / 不採択通知, 公募要領 3(2)
 * 「個別に選定結果をご連絡します」) and the hearings the secretariat holds while selecting (3(1)).
 */
export const CALLS_TEMPLATES = {
  STAGE1_ADOPTED: {
    name: '採択通知（支援地域候補）',
    subject: '推進体制構築支援（{{prefectureName}}）支援地域候補の採択について（通知）',
    body:
      '時下ますますご清祥のこととお慶び申し上げます。\n' +
      '{{fiscalYear}}{{programmeName}}の支援地域の公募につきまして、貴{{prefectureKind}}からご申請いただいた内容を審査した結果、' +
      '次のとおり支援地域候補として採択することとしましたので、通知します。\n\n' +
      '申請団体：{{prefectureName}}\n' +
      '受付番号：{{receiptNumber}}\n' +
      '審査結果：採択\n\n' +
      '採択された支援地域候補の課題及び希望する支援内容は、伴走支援事業者の公募の際にあらかじめ示します。\n' +
      'なお、公募要領1（3）に記載のとおり、伴走支援事業者の応募状況及び評価会の結果によっては、' +
      '支援地域候補に採択されても伴走支援を受けることができない場合があります。\n',
    placeholders: ['prefectureName', 'prefectureKind', 'receiptNumber'],
  },
  STAGE1_REJECTED: {
    name: '不採択通知（支援地域の公募）',
    subject: '推進体制構築支援（{{prefectureName}}）支援地域の公募の審査結果について（通知）',
    body:
      '時下ますますご清祥のこととお慶び申し上げます。\n' +
      '{{fiscalYear}}{{programmeName}}の支援地域の公募につきまして、貴{{prefectureKind}}からご申請いただいた内容を審査した結果、' +
      '誠に残念ながら、今回は採択を見送ることとしましたので、通知します。\n\n' +
      '申請団体：{{prefectureName}}\n' +
      '受付番号：{{receiptNumber}}\n' +
      '審査結果：不採択\n' +
      '理由：{{reason}}\n\n' +
      'ご申請いただきましたことに、改めて御礼申し上げます。\n',
    placeholders: ['prefectureName', 'prefectureKind', 'receiptNumber', 'reason'],
  },
  HEARING_SCHEDULED: {
    name: 'ヒアリング実施のご案内（支援地域の公募）',
    subject: '推進体制構築支援（{{prefectureName}}）ヒアリング実施のご案内',
    body:
      '{{fiscalYear}}{{programmeName}}の支援地域の公募につきまして、ご申請いただいた内容に関し、' +
      '公募要領3（1）に基づき次のとおりヒアリングを実施させていただきたく、ご案内申し上げます。\n\n' +
      '日時：{{hearingAt}}（日本時間）\n' +
      '開催方法：{{hearingFormat}}\n' +
      '{{hearingPlaceLabel}}：{{hearingPlace}}\n' +
      '備考：{{hearingNote}}\n\n' +
      'ご都合が悪い場合は、お手数ですが事務局までご連絡ください。\n',
    placeholders: ['prefectureName', 'hearingAt', 'hearingFormat', 'hearingPlaceLabel', 'hearingPlace', 'hearingNote'],
  },
} satisfies Record<string, NoticeTemplateDef>;
