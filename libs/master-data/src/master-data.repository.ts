import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { inWriteTransaction, SYSTEM_ACTOR } from '@app/core';
import { DataSource, EntityManager } from 'typeorm';
import { Municipality } from './municipality.entity';
import { Prefecture } from './prefecture.entity';
import type { MunicipalityKind } from './domain/lg-code';

export interface MunicipalityFilter {
  prefectureCode: string;
  kinds?: MunicipalityKind[];
  /** Matches the start of the name or of the kana reading. */
  prefix?: string;
  onlyPartnerCandidates?: boolean;
}

@Injectable()
export class MasterDataRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  listPrefectures(): Promise<Prefecture[]> {
    return this.db.getRepository(Prefecture).find({ order: { code: 'ASC' } });
  }

  prefecturesByCodes(codes: readonly string[], manager: EntityManager = this.db.manager): Promise<Prefecture[]> {
    return manager
      .getRepository(Prefecture)
      .createQueryBuilder('p')
      .where('p.code = ANY(:codes)', { codes: [...codes] })
      .getMany();
  }

  municipalitiesByCodes(codes: readonly string[], manager: EntityManager = this.db.manager): Promise<Municipality[]> {
    return manager
      .getRepository(Municipality)
      .createQueryBuilder('m')
      .where('m.lg_code = ANY(:codes)', { codes: [...codes] })
      .getMany();
  }

  listMunicipalities(f: MunicipalityFilter): Promise<Municipality[]> {
    const q = this.db
      .getRepository(Municipality)
      .createQueryBuilder('m')
      .where('m.prefecture_code = :pc', { pc: f.prefectureCode })
      .andWhere("m.kind <> 'prefecture'");
    if (f.kinds?.length) q.andWhere('m.kind = ANY(:kinds)', { kinds: f.kinds });
    if (f.onlyPartnerCandidates) q.andWhere('m.is_basic');
    if (f.prefix) {
      const like = f.prefix.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
      q.andWhere('(m.name LIKE :like OR m.kana LIKE :like)', { like });
    }
    return q.orderBy('m.lg_code', 'ASC').getMany();
  }

  /**
   * For each ILIKE pattern (in order), the municipalities whose name or kana matches and the prefectures whose name
   * matches, in one statement: what other areas' free-text searches need of the names.
   */
  async codesNamedLike(patterns: readonly string[]): Promise<Array<{ municipalityCodes: string[]; prefectureCodes: string[] }>> {
    if (!patterns.length) return [];
    const rows: Array<{ municipality_codes: string[]; prefecture_codes: string[] }> = await this.db.query(
      `SELECT (SELECT COALESCE(json_agg(m.lg_code), '[]'::json) FROM municipalities m WHERE m.name ILIKE t.p OR m.kana ILIKE t.p) AS municipality_codes,
              (SELECT COALESCE(json_agg(pf.code), '[]'::json) FROM prefectures pf WHERE pf.name ILIKE t.p) AS prefecture_codes
         FROM unnest($1::text[]) WITH ORDINALITY AS t(p, n) ORDER BY t.n`,
      [[...patterns]],
    );
    return rows.map((r) => ({ municipalityCodes: r.municipality_codes, prefectureCodes: r.prefecture_codes }));
  }

  async counts(): Promise<{ prefectures: number; municipalities: number }> {
    const [row] = await this.db.query(
      'SELECT (SELECT count(*) FROM prefectures)::int AS prefectures, (SELECT count(*) FROM municipalities)::int AS municipalities',
    );
    return row;
  }

  /** Replaces the master data in one transaction (upsert: codes referenced elsewhere stay valid). */
  async upsertAll(prefectures: Prefecture[], municipalities: Municipality[]): Promise<void> {
    await inWriteTransaction(this.db, SYSTEM_ACTOR, async (m) => {
      for (let i = 0; i < prefectures.length; i += 500) {
        await m.getRepository(Prefecture).upsert(prefectures.slice(i, i + 500), ['code']);
      }
      for (let i = 0; i < municipalities.length; i += 500) {
        await m.getRepository(Municipality).upsert(municipalities.slice(i, i + 500), ['lgCode']);
      }
    });
  }
}
