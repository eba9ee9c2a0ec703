import { DomainError } from '@app/core/errors/domain-error';

export enum RegionApplicationStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  WITHDRAWN = 'WITHDRAWN',
  ADOPTED = 'ADOPTED',
  REJECTED = 'REJECTED',
}

export function assertStatus(actual: RegionApplicationStatus, ...allowed: RegionApplicationStatus[]): void {
  if (!allowed.includes(actual)) {
    throw new DomainError(
      'INVALID_STATE',
      { status: actual, allowed },
      {
        ja: `申請の状態（${actual}）ではこの操作はできません。`,
        en: `Not possible while the application is ${actual}.`,
      },
    );
  }
}

export enum IssueCategory {
  HEALTHCARE = 'HEALTHCARE',
  LOGISTICS = 'LOGISTICS',
  EDUCATION = 'EDUCATION',
  DISASTER_PREVENTION = 'DISASTER_PREVENTION',
  TOURISM = 'TOURISM',
  AGRICULTURE = 'AGRICULTURE',
  INDUSTRY = 'INDUSTRY',
  MOBILITY = 'MOBILITY',
  ADMINISTRATION = 'ADMINISTRATION',
  DIGITAL_TALENT = 'DIGITAL_TALENT',
  OTHER = 'OTHER',
}
