import { Injectable, Logger } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { projectRoot } from '@app/core';
import { isBasicLocalGovernment, isValidLgCode, MunicipalityKind } from './domain/lg-code';
import { MasterDataRepository } from './master-data.repository';
import { Municipality } from './municipality.entity';
import { Prefecture } from './prefecture.entity';

export const MUNICIPALITIES_CSV = 'libs/master-data/data/municipalities.csv';

interface Row {
  lg_code: string;
  prefecture_code: string;
  prefecture_name: string;
  municipality_name: string;
  municipality_kana: string;
  kind: MunicipalityKind;
}

/** Parses and checks the local-government code list the project carries. Throws on a bad row. */
export function readMunicipalityCsv(path = join(projectRoot(), MUNICIPALITIES_CSV)): {
  prefectures: Prefecture[];
  municipalities: Municipality[];
} {
  const rows: Row[] = parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true });
  const kinds = new Set(['prefecture', 'city', 'town', 'village', 'special_ward', 'ward']);
  const prefectures: Prefecture[] = [];
  const municipalities: Municipality[] = [];
  for (const r of rows) {
    if (!isValidLgCode(r.lg_code)) throw new Error(`${path}: bad check digit in ${r.lg_code}`);
    if (!kinds.has(r.kind)) throw new Error(`${path}: unknown kind ${r.kind} for ${r.lg_code}`);
    if (r.lg_code.slice(0, 2) !== r.prefecture_code) throw new Error(`${path}: ${r.lg_code} not in ${r.prefecture_code}`);
    if (r.kind === 'prefecture') {
      prefectures.push(
        Object.assign(new Prefecture(), {
          code: r.prefecture_code,
          lgCode: r.lg_code,
          name: r.prefecture_name,
          kana: r.municipality_kana,
          municipalityCount: 0,
        }),
      );
      continue;
    }
    const m = Object.assign(new Municipality(), {
      lgCode: r.lg_code,
      prefectureCode: r.prefecture_code,
      name: r.municipality_name,
      kana: r.municipality_kana,
      kind: r.kind,
    });
    m.isBasic = isBasicLocalGovernment(m);
    municipalities.push(m);
  }
  for (const p of prefectures) p.municipalityCount = municipalities.filter((m) => m.prefectureCode === p.code && m.isBasic).length;
  if (prefectures.length !== 47) throw new Error(`${path}: expected 47 prefectures, found ${prefectures.length}`);
  return { prefectures, municipalities };
}

@Injectable()
export class MasterDataLoader {
  private readonly log = new Logger(MasterDataLoader.name);
  constructor(private readonly repo: MasterDataRepository) {}

  /** Loads the code list when the database does not hold all of it yet; a no-op otherwise. */
  async ensureLoaded(): Promise<void> {
    const data = readMunicipalityCsv();
    const have = await this.repo.counts();
    if (have.prefectures === data.prefectures.length && have.municipalities === data.municipalities.length) return;
    await this.repo.upsertAll(data.prefectures, data.municipalities);
    this.log.log(`master data loaded: ${data.prefectures.length} prefectures, ${data.municipalities.length} municipalities`);
  }
}
