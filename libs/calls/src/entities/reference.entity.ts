import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('support_menu_items')
export class SupportMenuItem {
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ name: 'parent_code', type: 'text', nullable: true })
  parentCode: string | null;

  @Column({ name: 'title_ja', type: 'text' })
  titleJa: string;

  @Column({ name: 'title_en', type: 'text' })
  titleEn: string;

  @Column({ type: 'boolean' })
  required: boolean;

  @Column({ name: 'sort_order', type: 'int' })
  sortOrder: number;
}

@Entity('eligibility_requirements')
export class EligibilityRequirement {
  @PrimaryColumn({ type: 'smallint' })
  number: number;

  @Column({ name: 'title_ja', type: 'text' })
  titleJa: string;

  @Column({ name: 'title_en', type: 'text' })
  titleEn: string;
}
