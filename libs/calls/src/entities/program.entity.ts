import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('programs')
@Index('uq_programs_fiscal_year', ['fiscalYear'], { unique: true })
export class Program {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Japanese fiscal year by its starting calendar year: 2025 is 令和7年度. */
  @Column({ name: 'fiscal_year', type: 'int' })
  fiscalYear: number;

  @Column({ type: 'text' })
  name: string;

  /** The latest day support may run to (mid-March of the next calendar year). */
  @Column({ name: 'support_ends_on', type: 'date' })
  supportEndsOn: string;

  /** Cap per region in yen for first-time regions; null when the programme sets none. */
  @Column({ name: 'region_budget_cap_yen', type: 'int', nullable: true })
  regionBudgetCapYen: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
