import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { VendorKind, VendorStatus } from '../domain/vendor-kind';

@Entity('vendors')
export class Vendor {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  /**
   * 法人番号: the organisation's identity (conflicts of interest link to it, not to a spelling of the name). Unique among
   * its holders (index uq_vendors_corporate_number_holder); DISPUTED and REJECTED registrations may repeat it.
   */
  @Column({ name: 'corporate_number', type: 'char', length: 13 })
  corporateNumber: string;

  @Column({ type: 'text' })
  kind: VendorKind;

  @Column({ name: 'head_office_prefecture_code', type: 'char', length: 2 })
  headOfficePrefectureCode: string;

  @Column({ type: 'text', default: VendorStatus.PENDING })
  status: VendorStatus;

  @CreateDateColumn({ name: 'registered_at', type: 'timestamptz' })
  registeredAt: Date;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @Column({ name: 'approved_by', type: 'uuid', nullable: true })
  approvedBy: string | null;

  /** The secretariat's reason for a dispute decision (recorded with it in the audit trail). */
  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason: string | null;
}
