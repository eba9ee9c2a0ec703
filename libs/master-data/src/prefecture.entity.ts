import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('prefectures')
export class Prefecture {
  /** Two-digit prefecture code, 01–47. */
  @PrimaryColumn({ type: 'char', length: 2 })
  code: string;

  @Column({ name: 'lg_code', type: 'char', length: 6, unique: true })
  lgCode: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kana: string;

  /** Basic local governments in the prefecture: the denominator of the participation ratio. */
  @Column({ name: 'municipality_count', type: 'int' })
  municipalityCount: number;
}
