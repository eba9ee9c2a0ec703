import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { MunicipalityKind } from './domain/lg-code';

@Entity('municipalities')
@Index('idx_municipalities_prefecture_kana', ['prefectureCode', 'kana'])
export class Municipality {
  @PrimaryColumn({ name: 'lg_code', type: 'char', length: 6 })
  lgCode: string;

  @Column({ name: 'prefecture_code', type: 'char', length: 2 })
  prefectureCode: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kana: string;

  @Column({ type: 'text' })
  kind: MunicipalityKind;

  /** Can be chosen as a partner: a basic local government that functions (see isBasicLocalGovernment). */
  @Column({ name: 'is_basic', type: 'boolean' })
  isBasic: boolean;
}
