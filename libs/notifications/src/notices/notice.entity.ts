import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A notice as issued: one letter to one addressee (an organisation or a person), with its document number and the text
 * as sent, whatever later edits of its template. Its mails (one per address) are outbox rows pointing at it.
 */
@Entity('notices')
@Index('idx_notices_audience', ['audience', 'createdAt'])
@Index('idx_notices_reference', ['reference', 'createdAt'], { where: '"reference" IS NOT NULL' })
export class Notice {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The same decision never issues the same notice twice. */
  @Column({ name: 'notice_key', type: 'text', unique: true })
  noticeKey: string;

  @Column({ type: 'text' })
  kind: string;

  /** Who may read it in the API: 'prefecture:28', 'vendor:<uuid>', 'user:<uuid>', or 'email:<address>' (no account). */
  @Column({ type: 'text' })
  audience: string;

  /** The object the notice is about (its readers may download it), e.g. REGION_APPLICATION + id. */
  @Column({ name: 'object_type', type: 'text', nullable: true })
  objectType: string | null;

  @Column({ name: 'object_id', type: 'uuid', nullable: true })
  objectId: string | null;

  /** The decision it was issued for, e.g. 'matching-run:<id>' (a run's publication and the changes after it); null for others. */
  @Column({ type: 'text', nullable: true })
  reference: string | null;

  @Column({ name: 'document_number', type: 'text', unique: true })
  documentNumber: string;

  @Column({ name: 'fiscal_year', type: 'int' })
  fiscalYear: number;

  @Column({ type: 'text' })
  addressee: string;

  @Column({ type: 'text' })
  subject: string;

  /** The whole letter as sent (business-letter form). */
  @Column({ type: 'text' })
  body: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** The secretariat's wording of a notice kind, replacing the default in code. */
@Entity('notice_templates')
export class NoticeTemplateOverride {
  @PrimaryColumn({ type: 'text' })
  kind: string;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'updated_by', type: 'uuid' })
  updatedBy: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
