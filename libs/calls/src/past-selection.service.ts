import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Actor, Clock, DomainError, jstDate, Role, sha256Hex } from '@app/core';
import { MasterDataService } from '@app/master-data';
import { fiscalYearOfJstDate, PastSelectionRejection, validatePastSelections } from './domain/past-selections';
import { PastSelection } from './entities';
import { readPastSelectionFile } from './past-selection-file';
import { PastSelectionRepository } from './past-selection.repository';

export interface PastSelectionImportReport {
  /** True when the selections were saved: every row accepted and not a dry run. */
  imported: boolean;
  dryRun: boolean;
  rowCount: number;
  acceptedRowCount: number;
  rejectedRowCount: number;
  /** The selections the file describes (saved when `imported`). */
  selections: Array<Pick<PastSelection, 'fiscalYear' | 'prefectureCode' | 'partnerCodes'> & { id: string | null; rows: number[] }>;
  rejections: PastSelectionRejection[];
}

/** The secretariat's import of regions selected before this platform, for the repeat-applicant rule. */
@Injectable()
export class PastSelectionService {
  constructor(
    private readonly repo: PastSelectionRepository,
    private readonly masterData: MasterDataService,
    private readonly clock: Clock,
  ) {}

  /**
   * All-or-nothing: the file is validated whole and saved only when no row is rejected (a partly imported selection
   * would understate its partner count). A dry run validates without saving.
   */
  async import(actor: Actor, fileName: string, content: Buffer, dryRun: boolean): Promise<PastSelectionImportReport> {
    if (actor.role !== Role.SECRETARIAT) throw new DomainError('FORBIDDEN');
    if (!content.length) throw new DomainError('VALIDATION_FAILED', { field: 'content' }, { ja: 'ファイルが空です。', en: 'The file is empty.' });
    const rows = await readPastSelectionFile(fileName, content);
    if (!rows.length) throw new DomainError('VALIDATION_FAILED', { field: 'content' }, { ja: 'データ行がありません。', en: 'The file has no data rows.' });
    const prefectures = await this.masterData.listPrefectures();
    const codes = [
      ...new Set(
        rows
          .map((r) =>
            (r.cells.municipalityCode ?? '')
              .normalize('NFKC')
              .trim()
              .replace(/[-‐−ー]/g, ''),
          )
          .filter((c) => /^\d{5,6}$/.test(c))
          .map((c) => c.padStart(6, '0')),
      ),
    ];
    const municipalities = await this.masterData.municipalitiesByCodes(codes);
    const currentFiscalYear = fiscalYearOfJstDate(jstDate(this.clock.now()));
    const sourceSha256 = sha256Hex(content);

    return this.repo.transaction(actor, async (m) => {
      const { groups, rejections } = validatePastSelections(rows, {
        prefectures: new Map(prefectures.map((p) => [p.code, { lgCode: p.lgCode, name: p.name }])),
        municipalities: new Map(municipalities.map((x) => [x.lgCode, { prefectureCode: x.prefectureCode, name: x.name, isBasic: x.isBasic }])),
        recorded: await this.repo.recordedKeys(m),
        currentFiscalYear,
      });
      const rejectedRows = new Set(rejections.map((r) => r.row));
      const save = !dryRun && rejections.length === 0;
      const importId = randomUUID();
      const saved = save
        ? await this.repo.insertMany(
            m,
            groups.map((g) => ({
              fiscalYear: g.fiscalYear,
              prefectureCode: g.prefectureCode,
              partnerCodes: [...g.partnerCodes].sort(),
              importId,
              sourceFileName: fileName,
              sourceSha256,
              importedBy: actor.userId,
              importedAt: this.clock.now(),
            })),
          )
        : [];
      return {
        imported: save,
        dryRun,
        rowCount: rows.length,
        acceptedRowCount: rows.length - rejectedRows.size,
        rejectedRowCount: rejectedRows.size,
        selections: groups.map((g) => ({
          id: saved.find((s) => s.fiscalYear === g.fiscalYear && s.prefectureCode === g.prefectureCode)?.id ?? null,
          fiscalYear: g.fiscalYear,
          prefectureCode: g.prefectureCode,
          partnerCodes: [...g.partnerCodes].sort(),
          rows: g.rows,
        })),
        rejections,
      };
    });
  }

  list(actor: Actor, fiscalYear?: number): Promise<PastSelection[]> {
    if (actor.role !== Role.SECRETARIAT && actor.role !== Role.MINISTRY) throw new DomainError('FORBIDDEN');
    return this.repo.list(fiscalYear);
  }
}
