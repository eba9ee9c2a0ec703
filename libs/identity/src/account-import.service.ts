import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, DomainError, readTabularFile, Role } from '@app/core';
import { MasterDataService } from '@app/master-data';
import { AccountFileKind, AccountRejection, AccountRow, accountColumnLabel, codesOf, matchAccountHeader, validateAccountRows } from './domain/account-import';
import { ACCOUNT_LINK_MINUTES, PasswordResetService } from './password-reset.service';
import { UserRepository } from './user.repository';

/** More accounts than a round could need: a wrong file, refused whole. */
const MAX_ROWS = 1000;
/** No password is known until the holder sets one through the mailed link: argon2 cannot verify against this. */
const NO_PASSWORD_YET = '!unset';

export interface AccountImportReport {
  /** True when the accounts were created: every row accepted and not a dry run. */
  imported: boolean;
  dryRun: boolean;
  kind: AccountFileKind;
  rowCount: number;
  acceptedRowCount: number;
  rejectedRowCount: number;
  /** The accounts the file describes, with their ids when created. */
  accounts: Array<AccountRow & { userId: string | null; evaluatorId: string | null }>;
  rejections: AccountRejection[];
}

/** Creates an evaluator's profile for its new account, in the import's transaction (the evaluation module's part). */
export type EvaluatorProfileWriter = (m: EntityManager, row: AccountRow, evaluatorId: string, userId: string) => Promise<void>;

/**
 * Accounts created from a CSV or XLSX by the secretariat (issue 16, bulk work). All-or-nothing: a file with any rejected
 * row creates nothing (a half-created list would be re-uploaded and collide with itself). No password is in the file:
 * each account is mailed a link to set its own, through the reset flow.
 */
@Injectable()
export class AccountImportService {
  constructor(
    private readonly users: UserRepository,
    private readonly masterData: MasterDataService,
    private readonly resets: PasswordResetService,
  ) {}

  async import(
    actor: Actor,
    kind: AccountFileKind,
    fileName: string,
    content: Buffer,
    dryRun: boolean,
    evaluatorProfile?: EvaluatorProfileWriter,
  ): Promise<AccountImportReport> {
    if (actor.role !== Role.SECRETARIAT) throw new DomainError('FORBIDDEN');
    if (kind === 'EVALUATORS' && !evaluatorProfile) throw new Error('evaluator import needs the profile writer');
    if (!content.length) throw new DomainError('VALIDATION_FAILED', { field: 'content' }, { ja: 'ファイルが空です。', en: 'The file is empty.' });
    const table = await readTabularFile(fileName, content, MAX_ROWS);
    if (table.length - 1 > MAX_ROWS) {
      throw new DomainError(
        'VALIDATION_FAILED',
        { field: 'content', maxRows: MAX_ROWS },
        { ja: `行数が多すぎます（上限${MAX_ROWS}行）。`, en: `Too many rows (at most ${MAX_ROWS}).` },
      );
    }
    const { index, missing } = matchAccountHeader(kind, table[0] ?? []);
    if (missing.length) {
      throw new DomainError(
        'VALIDATION_FAILED',
        { field: 'content', missingColumns: missing },
        {
          ja: `1行目の見出しに必要な列がありません：${missing.map((k) => accountColumnLabel(kind, k)).join('、')}`,
          en: `The header row (row 1) lacks the columns: ${missing.join(', ')}`,
        },
      );
    }
    const rows: Array<{ row: number; cells: Record<string, string> }> = [];
    table.slice(1).forEach((cells, i) => {
      if (cells.every((c) => !String(c ?? '').trim())) return;
      const picked: Record<string, string> = {};
      for (const [key, at] of Object.entries(index)) picked[key] = String(cells[at] ?? '');
      rows.push({ row: i + 2, cells: picked });
    });
    if (!rows.length) throw new DomainError('VALIDATION_FAILED', { field: 'content' }, { ja: 'データ行がありません。', en: 'The file has no data rows.' });

    // Master data read before the transaction (PGlite lends its one session to one transaction at a time).
    const codes = kind === 'OFFICIALS' ? codesOf(rows) : { prefectures: [], municipalities: [] };
    const prefectures = codes.prefectures.length ? await this.masterData.prefecturesByCodes(codes.prefectures) : [];
    const municipalities = codes.municipalities.length ? await this.masterData.municipalitiesByCodes(codes.municipalities) : [];

    return this.users.transaction(actor, async (m) => {
      const emails = rows.map((r) => (r.cells.email ?? '').normalize('NFKC').replace(/\s+/g, '').toLowerCase()).filter(Boolean);
      const { accepted, rejections } = validateAccountRows(kind, rows, {
        prefectures: new Set(prefectures.map((p) => p.code)),
        municipalities: new Map(municipalities.filter((x) => x.isBasic).map((x) => [x.lgCode, { prefectureCode: x.prefectureCode }])),
        registered: await this.users.registeredEmails(emails, m),
      });
      const rejectedRows = new Set(rejections.map((r) => r.row));
      const save = !dryRun && rejections.length === 0;
      const accounts: AccountImportReport['accounts'] = [];
      for (const a of accepted) {
        if (!save) {
          accounts.push({ ...a, userId: null, evaluatorId: null });
          continue;
        }
        const evaluatorId = kind === 'EVALUATORS' ? randomUUID() : null;
        const user = await this.users.insert(
          {
            email: a.email,
            displayName: a.displayName,
            passwordHash: NO_PASSWORD_YET,
            role: a.role as Role,
            prefectureCode: a.prefectureCode,
            municipalityCode: a.municipalityCode,
            vendorId: null,
            evaluatorId,
          },
          m,
        );
        if (evaluatorId) await evaluatorProfile!(m, a, evaluatorId, user.id);
        await this.resets.issueAccountCreatedLink(m, user, ACCOUNT_LINK_MINUTES);
        accounts.push({ ...a, userId: user.id, evaluatorId });
      }
      return {
        imported: save,
        dryRun,
        kind,
        rowCount: rows.length,
        acceptedRowCount: rows.length - rejectedRows.size,
        rejectedRowCount: rejectedRows.size,
        accounts,
        rejections,
      };
    });
  }
}
