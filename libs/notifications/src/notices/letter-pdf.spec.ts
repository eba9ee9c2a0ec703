import pdfParse from 'pdf-parse/lib/pdf-parse.js';
import { businessLetter, parseBusinessLetter } from './letter';
import { letterPdf } from './letter-pdf';

const parts = {
  documentNumber: '令8地DX第12号',
  issuedAt: new Date('2026-03-05T10:00:00+09:00'),
  addressee: '北海道',
  honorific: '御中' as const,
  programmeLine: '令和8年度 総務省 地域社会DX推進パッケージ事業 推進体制構築支援',
  title: '推進体制構築支援（北海道）支援地域候補の採択について（通知）',
  body: '一段落目です。\n\n二段落目：以上のとおりです。\n',
  signature: '「総務省 地域社会DX推進パッケージ事業 推進体制構築支援」事務局\nE-mail：dxrlp-info@ml.mri.co.jp\n',
};

describe('the letter as stored and as a PDF', () => {
  it('reads the parts back from the stored text (a body with blank lines and 「以上」 inside it too)', () => {
    expect(parseBusinessLetter(businessLetter(parts))).toEqual({
      documentNumber: '令8地DX第12号',
      dateText: '令和8年3月5日（木）',
      addressee: '北海道',
      honorific: '御中',
      programmeLine: parts.programmeLine,
      title: parts.title,
      body: '一段落目です。\n\n二段落目：以上のとおりです。',
      signature: parts.signature.trimEnd(),
    });
    expect(parseBusinessLetter('ただのテキスト')).toBeNull();
  });

  it('renders a letter with the Japanese font embedded, every character with its glyph', async () => {
    const pdf = await letterPdf(parseBusinessLetter(businessLetter(parts))!, parts.issuedAt);
    expect(pdf.includes('/FontFile2')).toBe(true);
    const { text } = await pdfParse(pdf);
    expect(text).not.toContain('\u0000');
    for (const s of [
      '令8地DX第12号',
      '令和8年3月5日（木）',
      '北海道\u3000御中',
      '支援地域候補の採択について（通知）',
      '二段落目：以上のとおりです。',
      '以上',
      '事務局',
    ])
      expect(text).toContain(s);
    // Pure: the same letter gives the same bytes.
    expect((await letterPdf(parseBusinessLetter(businessLetter(parts))!, parts.issuedAt)).equals(pdf)).toBe(true);
  });
});
