import { NoticeTemplateDef } from './types';

/** The signature block closing every letter (itself editable, like any template). */
export const SIGNATURE_TEMPLATE: NoticeTemplateDef = {
  name: '署名欄（全通知共通）',
  subject: '',
  body:
    '「総務省 地域社会DX推進パッケージ事業 推進体制構築支援」事務局\n' +
    '株式会社三菱総合研究所 公共イノベーション部門 モビリティ・通信事業本部\n' +
    '〒100-8141 東京都千代田区永田町二丁目10番3号\n' +
    'E-mail：dxrlp-info@ml.mri.co.jp\n',
  placeholders: [],
};
