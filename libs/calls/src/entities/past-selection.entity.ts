import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * A region selected in a fiscal year before this platform (imported by the secretariat), with its partner
 * municipalities: what the repeat-applicant rule compares a new application with.
 */
@Entity('past_selections')
@Unique('uq_past_selections_prefecture_year', ['prefectureCode', 'fiscalYear'])
export class PastSelection {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'fiscal_year', type: 'int' })
  fiscalYear: number;

  @Column({ name: 'prefecture_code', type: 'char', length: 2 })
  prefectureCode: string;

  /** The partner municipalities' 団体コード, sorted. */
  @Column({ name: 'partner_codes', type: 'text', array: true })
  partnerCodes: string[];

  /** One import (one file) shares one id. */
  @Column({ name: 'import_id', type: 'uuid' })
  importId: string;

  @Column({ name: 'source_file_name', type: 'text' })
  sourceFileName: string;

  @Column({ name: 'source_sha256', type: 'char', length: 64 })
  sourceSha256: string;

  @Column({ name: 'imported_by', type: 'uuid' })
  importedBy: string;

  @Column({ name: 'imported_at', type: 'timestamptz' })
  importedAt: Date;
}
