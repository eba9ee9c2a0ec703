import { Injectable } from '@nestjs/common';
import { Actor, Clock, DomainError, onlySecretariat, toWareki } from '@app/core';
import { businessLetter, fiscalYearWareki, fillTemplate, placeholdersIn, unknownPlaceholders } from './letter';
import { Notice } from './notice.entity';
import { audiencesOf } from './audiences';
import { NoticeRepository } from './notice.repository';
import { NoticeService, PROGRAMME_NAME } from './notice.service';
import { COMMON_PLACEHOLDERS, NOTICE_TEMPLATES, NoticeKind, NoticeTemplateDef } from './templates';

/** A template as the secretariat edits it: the wording in force, the placeholders it may use, whether it was edited. */
export interface NoticeTemplateView {
  kind: string;
  name: string;
  subject: string;
  body: string;
  placeholders: string[];
  edited: boolean;
}

/** Values a preview fills in: what a real notice of the kind would carry, recognisably made up. */
const SAMPLE_VALUES: Record<string, string> = {
  prefectureName: '兵庫県',
  vendorName: '株式会社サンプル',
  reason: '応募した事業者がありませんでした。',
  regionOutcomes: '・兵庫県：選定\n・長野県：非選定（他の提案が上位となったため）',
  reportKind: '中間報告',
  reportKindEn: 'interim report',
  daysBefore: '2週間',
};

const isKind = (kind: string): kind is keyof typeof NOTICE_TEMPLATES => Object.prototype.hasOwnProperty.call(NOTICE_TEMPLATES, kind);

/**
 * The notices as people read them (each reader its own: its account, its vendor, prefecture or municipality) and the
 * secretariat's desk: every notice issued, the templates with their placeholders, edits checked against the
 * placeholders the kind has, a reset to the default, and a preview in letter form. An edit applies to the next notice
 * issued; a notice already issued keeps the text it was sent with.
 */
@Injectable()
export class NoticeDesk {
  constructor(
    private readonly repo: NoticeRepository,
    private readonly notices: NoticeService,
    private readonly clock: Clock,
  ) {}

  mine(actor: Actor, first: number, before: string | null = null): Promise<Notice[]> {
    return this.repo.byAudiences(audiencesOf(actor), first, before);
  }

  list(actor: Actor, kind: string | null, first: number, before: string | null = null): Promise<Notice[]> {
    onlySecretariat(actor);
    return this.repo.latest(kind, first, before);
  }

  async templateList(actor: Actor): Promise<NoticeTemplateView[]> {
    onlySecretariat(actor);
    const kinds = Object.keys(NOTICE_TEMPLATES);
    const overrides = new Set((await this.repo.overrides(kinds)).map((o) => o.kind));
    const inForce = await this.notices.templates(kinds.filter((k) => k !== 'SIGNATURE') as NoticeKind[]);
    return kinds.map((kind) => this.view(kind, inForce.get(kind)!, overrides.has(kind)));
  }

  async updateTemplate(actor: Actor, kind: string, subject: string, body: string): Promise<NoticeTemplateView> {
    onlySecretariat(actor);
    const def = this.checked(kind, subject, body);
    await this.repo.transaction(actor, (m) => this.repo.saveOverride(m, { kind, subject, body, updatedBy: actor.userId, updatedAt: this.clock.now() }));
    return this.view(kind, { ...def, subject, body }, true);
  }

  async resetTemplate(actor: Actor, kind: string): Promise<NoticeTemplateView> {
    onlySecretariat(actor);
    if (!isKind(kind)) throw unknownKind(kind);
    await this.repo.transaction(actor, (m) => this.repo.deleteOverride(m, kind));
    return this.view(kind, NOTICE_TEMPLATES[kind], false);
  }

  /** The letter a notice of this kind would be with this wording, filled with sample values (nothing stored, nothing sent). */
  async preview(actor: Actor, kind: string, subject: string, body: string): Promise<{ subject: string; body: string }> {
    onlySecretariat(actor);
    const def = this.checked(kind, subject, body);
    const signature = (await this.notices.templates([])).get('SIGNATURE')!.body;
    const now = this.clock.now();
    const fiscalYear = fiscalYearOf(now);
    const documentNumber = `令${fiscalYear - 2018}地DX第○号`;
    const addressee = '兵庫県';
    const vars: Record<string, string> = {
      ...Object.fromEntries(def.placeholders.map((p) => [p, SAMPLE_VALUES[p] ?? `〔${p}〕`])),
      addressee,
      fiscalYear: fiscalYearWareki(fiscalYear),
      programmeName: PROGRAMME_NAME,
      issuedOn: toWareki(now, false),
      documentNumber,
      attemptedOn: toWareki(now),
      dueOn: toWareki(now, false),
      dueOnEn: 'Wed 30 September 2026 (JST)',
    };
    if (kind === 'SIGNATURE') return { subject: '', body: body };
    const title = fillTemplate(subject, vars);
    return {
      subject: title,
      body: businessLetter({
        documentNumber,
        issuedAt: now,
        addressee,
        honorific: '御中',
        programmeLine: `${fiscalYearWareki(fiscalYear)} ${PROGRAMME_NAME}`,
        title,
        body: fillTemplate(body, vars),
        signature,
      }),
    };
  }

  /** The kind's default, once its wording is known to use only the placeholders it has. */
  private checked(kind: string, subject: string, body: string): NoticeTemplateDef {
    if (!isKind(kind)) throw unknownKind(kind);
    const def: NoticeTemplateDef = NOTICE_TEMPLATES[kind];
    const known = knownPlaceholders(kind, def);
    const unknown = unknownPlaceholders(`${subject}\n${body}`, known);
    const list = (xs: readonly string[]) => xs.map((x) => `{{${x}}}`).join('、');
    if (unknown.length) {
      throw new DomainError(
        'UNKNOWN_TEMPLATE_PLACEHOLDER',
        { kind, unknown, known },
        {
          ja: `この通知では使用できない差し込み項目があります：${list(unknown)}。使用できる項目：${list(known) || 'なし'}`,
          en: `Unknown placeholders for this notice: ${unknown.map((x) => `{{${x}}}`).join(', ')}. Known: ${known.map((x) => `{{${x}}}`).join(', ') || 'none'}.`,
        },
      );
    }
    // The link a reader must open (a password reset, a confirmation): a body without it would be sent, and be useless.
    const used = placeholdersIn(body);
    const missing = (def.required ?? []).filter((r) => !used.includes(r));
    if (missing.length)
      throw new DomainError(
        'REQUIRED_TEMPLATE_PLACEHOLDER_MISSING',
        { kind, missing },
        {
          ja: `この通知の本文には次の差し込み項目が必要です：${list(missing)}（受け取った方が開くリンクです）。`,
          en: `This notice's body must keep ${missing.map((x) => `{{${x}}}`).join(', ')} (the link its reader must open).`,
        },
      );
    return def;
  }

  private view(kind: string, t: NoticeTemplateDef, edited: boolean): NoticeTemplateView {
    return { kind, name: t.name, subject: t.subject, body: t.body, placeholders: knownPlaceholders(kind, t), edited };
  }
}

/** The signature block is printed as written (no placeholders); every other kind has the common ones and its own. */
function knownPlaceholders(kind: string, def: NoticeTemplateDef): string[] {
  return kind === 'SIGNATURE' ? [] : [...COMMON_PLACEHOLDERS, ...def.placeholders];
}

function unknownKind(kind: string): DomainError {
  return new DomainError('VALIDATION_FAILED', { field: 'kind', kind }, { ja: `通知の種類「${kind}」はありません。`, en: `There is no notice kind "${kind}".` });
}

/** The Japanese fiscal year (April to March) of an instant, in Japan. */
function fiscalYearOf(d: Date): number {
  const [y, m] = toJst(d);
  return m < 4 ? y - 1 : y;
}

function toJst(d: Date): [number, number] {
  const j = new Date(d.getTime() + 9 * 3600_000);
  return [j.getUTCFullYear(), j.getUTCMonth() + 1];
}
