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

/**
 * A region_proposals row read elsewhere as a JSON record (`to_jsonb`, its columns by name; the access layer's list of an
 * evaluator's bids), as the entity. Every property is named (the mapped type makes a new column a compile error here).
 */
export function regionProposalFromRecord(r: Record<string, unknown>): RegionProposal {
  const fields: { [K in keyof RegionProposal]-?: RegionProposal[K] } = {
    id: r.id as string,
    applicationId: r.application_id as string,
    candidateRegionId: r.candidate_region_id as string,
    approach: r.approach as string,
    menuItemCodes: r.menu_item_codes as string[],
    team: r.team as TeamMember[],
    schedule: r.schedule as string,
    budgetYen: r.budget_yen as number,
    documentIds: r.document_ids as string[],
    createdAt: new Date(r.created_at as string),
  };
  return Object.assign(new RegionProposal(), fields);
}
