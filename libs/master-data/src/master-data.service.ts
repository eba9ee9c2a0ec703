import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError } from '@app/core';
import { MasterDataRepository, MunicipalityFilter } from './master-data.repository';

@Injectable()
export class MasterDataService {
  constructor(private readonly repo: MasterDataRepository) {}

  listPrefectures() {
    return this.repo.listPrefectures();
  }

  listMunicipalities(filter: MunicipalityFilter) {
    if (!/^(0[1-9]|[1-3]\d|4[0-7])$/.test(filter.prefectureCode)) {
      throw new DomainError(
        'VALIDATION_FAILED',
        { field: 'prefectureCode' },
        { ja: '都道府県コードは01〜47の2桁です。', en: 'prefectureCode must be two digits, 01 to 47.' },
      );
    }
    return this.repo.listMunicipalities(filter);
  }

  /** For each ILIKE pattern, the codes of the municipalities (name, kana) and prefectures (name) it matches. */
  codesNamedLike(patterns: readonly string[]) {
    return this.repo.codesNamedLike(patterns);
  }

  /** Inside the caller's transaction when `m` is given. */
  prefecturesByCodes(codes: readonly string[], m?: EntityManager) {
    return this.repo.prefecturesByCodes(codes, m);
  }

  municipalitiesByCodes(codes: readonly string[]) {
    return this.repo.municipalitiesByCodes(codes);
  }
}
