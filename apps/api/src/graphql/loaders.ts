import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { CandidateRegionService, ProgramService } from '@app/calls';
import { DocumentService } from '@app/documents';
import { MasterDataService } from '@app/master-data';

/** One `WHERE key = ANY($1)` per relation and request level, whatever the list length. */
function byKey<V, K = string>(fetch: (keys: readonly K[]) => Promise<V[]>, keyOf: (v: V) => K) {
  return new DataLoader<K, V | null>(async (keys) => {
    const rows = await fetch(keys);
    const map = new Map(rows.map((r) => [keyOf(r), r]));
    return keys.map((k) => map.get(k) ?? null);
  });
}

function groupBy<V, K = string>(fetch: (keys: readonly K[]) => Promise<V[]>, keyOf: (v: V) => K) {
  return new DataLoader<K, V[]>(async (keys) => {
    const rows = await fetch(keys);
    const map = new Map<K, V[]>();
    for (const r of rows) {
      const k = keyOf(r);
      if (!map.has(k)) map.set(k, []);
      map.get(k)!.push(r);
    }
    return keys.map((k) => map.get(k) ?? []);
  });
}

/** The per-request loaders. Access has been checked on the parent object before any of these run. */
export class Loaders {
  constructor(private readonly s: { masterData: MasterDataService; programs: ProgramService; regions: CandidateRegionService; documents: DocumentService }) {}

  readonly prefecture = byKey(
    (k: readonly string[]) => this.s.masterData.prefecturesByCodes(k),
    (p) => p.code,
  );
  readonly municipality = byKey(
    (k: readonly string[]) => this.s.masterData.municipalitiesByCodes(k),
    (m) => m.lgCode,
  );
  readonly program = byKey(
    (k: readonly string[]) => this.s.programs.programsByIds(k),
    (p) => p.id,
  );
  readonly call = byKey(
    (k: readonly string[]) => this.s.programs.callsByIds(k),
    (c) => c.id,
  );
  readonly callsByProgram = groupBy(
    (k: readonly string[]) => this.s.programs.callsByProgramIds(k),
    (c) => c.programId,
  );
  readonly document = byKey(
    (k: readonly string[]) => this.s.documents.byIds(k),
    (d) => d.id,
  );
  readonly partnersByApplication = groupBy(
    (k: readonly string[]) => this.s.regions.partnersByApplicationIds(k),
    (p) => p.applicationId,
  );
  readonly issuesByPartner = groupBy(
    (k: readonly string[]) => this.s.regions.issuesByPartnerIds(k),
    (i) => i.partnerId,
  );
  readonly desiredByPartner = groupBy(
    (k: readonly string[]) => this.s.regions.desiredByPartnerIds(k),
    (d) => d.partnerId,
  );
  readonly declarationsByApplication = groupBy(
    (k: readonly string[]) => this.s.regions.declarationsByApplicationIds(k),
    (d) => d.applicationId,
  );
  readonly checksByApplication = groupBy(
    (k: readonly string[]) => this.s.regions.checksByApplicationIds(k),
    (c) => c.applicationId,
  );
  readonly contactsByApplication = groupBy(
    (k: readonly string[]) => this.s.regions.contactsByApplicationIds(k),
    (c) => c.applicationId,
  );
  readonly receiptsByApplication = groupBy(
    (k: readonly string[]) => this.s.regions.receiptsByApplicationIds(k),
    (r) => r.subjectId,
  );
  readonly candidateByApplication = byKey(
    (k: readonly string[]) => this.s.regions.byApplicationIds(k),
    (r) => r.applicationId,
  );
}

@Injectable()
export class LoaderFactory {
  constructor(
    readonly masterData: MasterDataService,
    readonly programs: ProgramService,
    readonly regions: CandidateRegionService,
    readonly documents: DocumentService,
  ) {}

  create(): Loaders {
    const { masterData, programs, regions, documents } = this;
    return new Loaders({ masterData, programs, regions, documents });
  }
}
