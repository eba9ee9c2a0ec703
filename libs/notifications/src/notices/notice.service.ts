import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock, toWareki } from '@app/core';
import { OutboxService } from '../outbox.service';
import { businessLetter, fiscalYearWareki, fillTemplate } from './letter';
import { DOCUMENT_NUMBER_MARK, NoticeRepository } from './notice.repository';
import { NOTICE_TEMPLATES, NoticeKind, NoticeTemplateDef } from './templates';

/** One notice to send: a letter to one addressee, mailed to each of its addresses. */
export interface NoticeRequest {
  kind: NoticeKind;
  /** Identifies the notice: the same key is issued once, however often the step runs (e.g. `stage1:<applicationId>`). */
  key: string;
  addressee: string;
  honorific: '御中' | '様';
  /** Who reads it in the API: 'prefecture:<code>', 'vendor:<id>', 'user:<id>', or 'email:<address>'. */
  audience: string;
  emails: readonly string[];
  fiscalYear: number;
  /** The object the notice is about: whoever may read it may download the notice. */
  about?: { type: string; id: string };
  /** The decision it is issued for, to list a decision's notices (e.g. `matching-run:<id>`). */
  reference?: string;
  /** The kind's own placeholders (the common ones are filled here). */
  vars: Readonly<Record<string, string>>;
}

/** The programme's name as the letters print it (the call's own wording). */
export const PROGRAMME_NAME = '総務省 地域社会DX推進パッケージ事業 推進体制構築支援';

/**
 * Issues notices: each in Japanese business-letter form (document number, date in the era, addressee, programme,
 * title, body, signature), with the secretariat's wording where it edited a template, stored as sent and mailed
 * through the outbox in the caller's transaction, so the decision and its notices commit together, exactly once.
 */
@Injectable()
export class NoticeService {
  constructor(
    private readonly repo: NoticeRepository,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  /** Issues the notices not issued before; returns how many were issued. */
  async issue(m: EntityManager, requests: readonly NoticeRequest[]): Promise<number> {
    if (!requests.length) return 0;
    const templates = await this.templates([...new Set(requests.map((r) => r.kind))], m);
    const signature = templates.get('SIGNATURE')!.body;
    const now = this.clock.now();
    let issued = 0;
    for (const r of requests) {
      const t = templates.get(r.kind)!;
      const vars = {
        ...r.vars,
        addressee: r.addressee,
        fiscalYear: fiscalYearWareki(r.fiscalYear),
        programmeName: PROGRAMME_NAME,
        issuedOn: toWareki(now, false),
        documentNumber: DOCUMENT_NUMBER_MARK,
      };
      const subject = fillTemplate(t.subject, vars);
      const letter = businessLetter({
        documentNumber: DOCUMENT_NUMBER_MARK,
        issuedAt: now,
        addressee: r.addressee,
        honorific: r.honorific,
        programmeLine: `${fiscalYearWareki(r.fiscalYear)} ${PROGRAMME_NAME}`,
        title: subject,
        body: fillTemplate(t.body, vars),
        signature,
      });
      const notice = await this.repo.insertIfNew(m, {
        noticeKey: r.key,
        kind: r.kind,
        audience: r.audience,
        objectType: r.about?.type ?? null,
        objectId: r.about?.id ?? null,
        reference: r.reference ?? null,
        fiscalYear: r.fiscalYear,
        addressee: r.addressee,
        subject,
        body: letter,
        issuedAt: now,
      });
      if (!notice) continue;
      issued++;
      await this.outbox.enqueue(
        m,
        [...new Set(r.emails)].map((email) => ({ dedupeKey: `${r.key}:${email}`, recipientEmail: email, subject, body: notice.body, noticeId: notice.id })),
      );
    }
    return issued;
  }

  /** The notices issued for these references (NoticeRequest.reference), oldest first; one query for all. */
  byReferences(references: readonly string[]) {
    return this.repo.byReferences(references);
  }

  /** The wording in force for each kind (the secretariat's edit, else the default), with the signature block. */
  async templates(kinds: readonly NoticeKind[], m?: EntityManager): Promise<Map<string, NoticeTemplateDef>> {
    const all = ['SIGNATURE', ...kinds];
    const overrides = new Map((await this.repo.overrides(all, m)).map((o) => [o.kind, o]));
    return new Map(
      all.map((k) => {
        const def: NoticeTemplateDef = NOTICE_TEMPLATES[k as keyof typeof NOTICE_TEMPLATES];
        const o = overrides.get(k);
        return [k, o ? { ...def, subject: o.subject, body: o.body } : def];
      }),
    );
  }
}
