import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique, CreateDateColumn } from 'typeorm';
import { VendorApplicationStatus } from '../domain/vendor-kind';

/** The candidate regions a vendor call lists (its lots). */
@Entity('vendor_call_regions')
export class VendorCallRegion {
  @PrimaryColumn({ name: 'call_id', type: 'uuid' })
  callId: string;

  @PrimaryColumn({ name: 'candidate_region_id', type: 'uuid' })
  candidateRegionId: string;
}

@Entity('inquiries')
@Index('idx_inquiries_call', ['callId'])
export class Inquiry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'call_id', type: 'uuid' })
  callId: string;

  /** Null for a question about the call as a whole. */
  @Column({ name: 'candidate_region_id', type: 'uuid', nullable: true })
  candidateRegionId: string | null;

  @Column({ name: 'vendor_id', type: 'uuid' })
  vendorId: string;

  @Column({ name: 'asked_by', type: 'uuid' })
  askedBy: string;

  @Column({ type: 'text' })
  question: string;

  @Column({ name: 'asked_at', type: 'timestamptz' })
  askedAt: Date;

  @Column({ type: 'text', nullable: true })
  answer: string | null;

  @Column({ name: 'answered_by', type: 'uuid', nullable: true })
  answeredBy: string | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt: Date | null;

  /** Published to all vendors, without the asker's identity. */
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;
}

@Entity('vendor_applications')
@Unique('uq_vendor_applications_call_vendor', ['callId', 'vendorId'])
export class VendorApplication {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'call_id', type: 'uuid' })
  callId: string;

  @Column({ name: 'vendor_id', type: 'uuid' })
  vendorId: string;

  @Column({ type: 'text', default: VendorApplicationStatus.DRAFT })
  status: VendorApplicationStatus;

  /** How many regions the vendor can support at the same time. */
  @Column({ type: 'int', nullable: true })
  capacity: number | null;

  @Column({ type: 'int', default: 1 })
  version: number;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  /** Set when a material change of the call returned the application to draft. */
  @Column({ name: 'returned_notice', type: 'text', nullable: true })
  returnedNotice: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

export interface TeamMember {
  name: string;
  role: string;
  qualifications: string;
}

@Entity('region_proposals')
@Unique('uq_region_proposals_application_region', ['applicationId', 'candidateRegionId'])
@Index('idx_region_proposals_region', ['candidateRegionId'])
export class RegionProposal {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @Column({ name: 'candidate_region_id', type: 'uuid' })
  candidateRegionId: string;

  @Column({ type: 'text', default: '' })
  approach: string;

  @Column({ name: 'menu_item_codes', type: 'jsonb', default: () => `'[]'` })
  menuItemCodes: string[];

  @Column({ type: 'jsonb', default: () => `'[]'` })
  team: TeamMember[];

  @Column({ type: 'text', default: '' })
  schedule: string;

  @Column({ name: 'budget_yen', type: 'int' })
  budgetYen: number;

  @Column({ name: 'document_ids', type: 'jsonb', default: () => `'[]'` })
  documentIds: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
