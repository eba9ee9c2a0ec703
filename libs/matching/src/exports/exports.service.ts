import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { Actor, DomainError, isStaff, neutraliseFormula, notFound, toJstIso } from '@app/core';
import { AccessService } from '@app/access';
import { VendorApplicationService, VendorCallService, VendorService, VendorStatus } from '@app/bidding';
import { CandidateRegionService, ProgramService } from '@app/calls';
import { ScoringService } from '@app/evaluation';
import { localGovernmentCorporateNumber, MasterDataService } from '@app/master-data';
import { MatchingRunStatus, MatchStatus } from '../entities/matching.entities';
import { MatchingRepository } from '../matching.repository';
import { UNSUPPORTED_REASON_JA } from '../result-notices';
import { OCDS_EXTENSIONS } from './ocds';
import { snapshotInput } from '../model/snapshot';

export type ExportKind = 'candidate-regions' | 'proposals' | 'results';
/** A sheet: its header and rows, and which columns hold yen (shown #,##0円 in the workbook). */
type Table = { sheet: string; header: string[]; rows: Array<Array<string | number | boolean | null>>; yen?: number[] };

/** Booleans as officials read them. */
export const yesNo = (b: boolean) => (b ? 'はい' : 'いいえ');
/** A time in JST, as Excel reads it: 2025-03-20 10:00. */
const jst = (d: Date) => toJstIso(d).slice(0, 16).replace('T', ' ');

/** The Japanese file name of each download (ASCII fallback: `<kind>-<callId>.<ext>`). */
export const EXPORT_FILE_NAMES: Record<ExportKind | 'xlsx' | 'ocds', string> = {
  'candidate-regions': '支援地域候補',
  proposals: '提案と評価',
  results: '選定結果',
  xlsx: '選定結果一覧',
  ocds: '選定結果_OCDS',
};

/**
 * RFC 6266 Content-Disposition for a download with a Japanese name: `filename` an ASCII fallback for old clients,
 * `filename*` the UTF-8 name percent-encoded as RFC 8187 says (encodeURIComponent leaves ' ( ) * unencoded).
 */
export function contentDisposition(asciiFallback: string, name: string, type: 'attachment' | 'inline' = 'attachment'): string {
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encoded}`;
}

/** CSV for Excel: UTF-8 with a BOM and CRLF, every field quoted as needed, text that would run as a formula neutralised. */
export function toCsv(t: Table): string {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : typeof v === 'string' ? neutraliseFormula(v) : String(v);
    return /[",\r\n\t]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return '\ufeff' + [t.header, ...t.rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** Exports of a vendor call for the secretariat and the ministry: CSV, XLSX and an OCDS release package. */
@Injectable()
export class ExportsService {
  constructor(
    private readonly repo: MatchingRepository,
    private readonly programs: ProgramService,
    private readonly vendorCalls: VendorCallService,
    private readonly applications: VendorApplicationService,
    private readonly vendors: VendorService,
    private readonly regions: CandidateRegionService,
    private readonly masterData: MasterDataService,
    private readonly scoring: ScoringService,
    private readonly access: AccessService,
  ) {}

  async table(actor: Actor, callId: string, kind: ExportKind): Promise<Table> {
    if (!isStaff(actor)) throw new DomainError('FORBIDDEN');
    const d = await this.data(actor, callId);
    if (kind === 'candidate-regions') {
      return {
        sheet: '支援地域候補',
        header: ['地域ID', '都道府県コード', '都道府県', '連携市区町村数', '再応募', '参加割合', '加点', '予算上限（円）'],
        yen: [7],
        rows: d.regions.map((r) => [
          r.id,
          r.prefectureCode,
          d.pref(r.prefectureCode),
          d.partnerCount.get(r.applicationId) ?? 0,
          yesNo(r.isRepeat),
          round(r.participationRatio, 4),
          r.bonusPoints,
          r.budgetCapYen,
        ]),
      };
    }
    if (kind === 'proposals') {
      return {
        sheet: '提案と評価',
        header: [
          '提案ID',
          '都道府県',
          '事業者',
          '法人番号',
          '提案額（円）',
          '提出日時（JST）',
          '評価件数',
          '平均点',
          '加点',
          '最終点',
          '合格',
          '地域内順位',
          '状態',
        ],
        yen: [4],
        rows: d.results.map((r) => {
          const v = d.vendor(r.vendorId);
          const excluded = d.excluded.has(r.proposalId);
          return [
            r.proposalId,
            d.pref(d.regionById.get(r.regionId)!.prefectureCode),
            v?.name ?? '',
            v?.corporateNumber ?? '',
            d.budget.get(r.proposalId) ?? null,
            jst(r.submittedAt),
            r.sheetCount,
            round(r.meanTotal, 2),
            r.bonus,
            round(r.finalScore, 2),
            yesNo(r.passed && !excluded),
            excluded ? null : r.rank,
            excluded ? '除外' : r.sheetCount === 0 ? '未評価' : r.passed ? '合格' : '不合格',
          ];
        }),
      };
    }
    return {
      sheet: '選定結果',
      header: [
        '地域ID',
        '都道府県コード',
        '都道府県',
        '結果',
        '選定事業者',
        '法人番号',
        '得点',
        '提案額（円）',
        '理由コード',
        '支援を受けられない理由',
        '理由の詳細',
      ],
      yen: [7],
      rows: d.regions.map((r) => {
        const m = d.matches.find((x) => x.candidateRegionId === r.id);
        const u = d.unsupported.find((x) => x.candidateRegionId === r.id);
        const v = m ? d.vendor(m.vendorId) : undefined;
        return [
          r.id,
          r.prefectureCode,
          d.pref(r.prefectureCode),
          m ? '選定' : u ? '支援なし' : '未決定',
          v?.name ?? '',
          v?.corporateNumber ?? '',
          m ? round(m.score, 2) : null,
          m ? (d.budget.get(m.proposalId) ?? null) : null,
          u?.reason ?? '',
          u ? (UNSUPPORTED_REASON_JA[u.reason] ?? '') : '',
          u?.detailJa ?? '',
        ];
      }),
    };
  }

  async csv(actor: Actor, callId: string, kind: ExportKind): Promise<string> {
    return toCsv(await this.table(actor, callId, kind));
  }

  async xlsx(actor: Actor, callId: string): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    wb.creator = 'regional-dx-matching';
    for (const kind of ['candidate-regions', 'proposals', 'results'] as ExportKind[]) {
      const t = await this.table(actor, callId, kind);
      // The header row stays in view and carries the filters.
      const ws = wb.addWorksheet(t.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
      ws.addRow(t.header).font = { bold: true };
      ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.header.length } };
      for (const r of t.rows) {
        // Text stays a text cell (shared string, never a formula), formatted as text ('@') so that
        // editing it in Excel does not turn `=HYPERLINK(…)` into a live formula either.
        const row = ws.addRow(r);
        row.eachCell((c, col) => {
          if (typeof c.value === 'string') c.numFmt = '@';
          else if (typeof c.value === 'number' && t.yen?.includes(col - 1)) c.numFmt = '#,##0"円"';
        });
      }
      ws.columns.forEach((c) => (c.width = 18));
    }
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  /**
   * An OCDS 1.1.5 release package of the vendor call: the tender with one lot per candidate region
   * (lots extension), bids (bid extension), an award per selected pair, and the parties. OCDS has no
   * beneficiary role, so the ministry is the buyer, the secretariat the procuring entity, vendors
   * tenderers (and suppliers when selected), and each region's prefecture an interestedParty.
   */
  async ocds(actor: Actor, callId: string): Promise<Record<string, unknown>> {
    if (!isStaff(actor)) throw new DomainError('FORBIDDEN');
    const d = await this.data(actor, callId);
    const ocid = `ocds-rdx000-${callId}`;
    const date = (d.run?.publishedAt ?? d.run?.createdAt ?? d.call.closesAt).toISOString();
    const vendorIds = [...new Set(d.results.map((r) => r.vendorId))];
    const parties = [
      { id: 'MIC', name: '総務省', roles: ['buyer'] },
      { id: 'SECRETARIAT', name: '推進体制構築支援 事務局', roles: ['procuringEntity'] },
      ...[...new Set(d.regions.map((r) => r.prefectureCode))].map((pc) => prefectureParty(d.pref(pc), d.lgCode(pc))),
      ...vendorIds.map((id) => {
        const v = d.vendor(id)!;
        return {
          id: party(v.corporateNumber),
          name: v.name,
          // JP-JCN: org-id.guide's scheme for the National Tax Agency's 法人番号.
          identifier: { scheme: 'JP-JCN', id: v.corporateNumber, legalName: v.name },
          roles: ['tenderer', ...(d.matches.some((m) => m.vendorId === id) ? ['supplier'] : [])],
        };
      }),
    ];
    const release = {
      ocid,
      id: `${callId}-${d.run?.status ?? 'tender'}`,
      date,
      tag: d.run?.status === MatchingRunStatus.PUBLISHED ? ['award'] : ['tender'],
      initiationType: 'tender',
      language: 'ja',
      parties,
      buyer: { id: 'MIC', name: '総務省' },
      tender: {
        id: callId,
        title: d.call.title,
        status: d.run?.status === MatchingRunStatus.PUBLISHED ? 'complete' : 'active',
        procuringEntity: { id: 'SECRETARIAT', name: '推進体制構築支援 事務局' },
        tenderPeriod: { startDate: d.call.opensAt.toISOString(), endDate: d.call.closesAt.toISOString() },
        numberOfTenderers: vendorIds.length,
        tenderers: vendorIds.map((id) => ({ id: party(d.vendor(id)!.corporateNumber), name: d.vendor(id)!.name })),
        lots: d.regions.map((r) => {
          const u = d.unsupported.find((x) => x.candidateRegionId === r.id);
          return {
            id: r.id,
            title: `${d.pref(r.prefectureCode)} 推進体制構築支援`,
            // An unsuccessful lot says why in its description (OCDS 1.1 lots have no statusDetails).
            ...(u ? { description: `支援を受けられない理由（${u.reason}）：${UNSUPPORTED_REASON_JA[u.reason] ?? u.detailJa}` } : {}),
            status: u ? 'unsuccessful' : 'active',
            ...(r.budgetCapYen ? { value: { amount: r.budgetCapYen, currency: 'JPY' } } : {}),
          };
        }),
      },
      bids: {
        details: d.results.map((r) => ({
          id: r.proposalId,
          date: r.submittedAt.toISOString(),
          // OCDS bidStatus: an excluded vendor's bid is disqualified, one nobody evaluated is still pending.
          status: d.excluded.has(r.proposalId) ? 'disqualified' : r.sheetCount === 0 ? 'pending' : 'valid',
          tenderers: [{ id: party(d.vendor(r.vendorId)!.corporateNumber), name: d.vendor(r.vendorId)!.name }],
          ...(d.budget.has(r.proposalId) ? { value: { amount: d.budget.get(r.proposalId), currency: 'JPY' } } : {}),
          relatedLots: [r.regionId],
        })),
      },
      awards: d.matches.map((m) => ({
        id: m.id,
        title: `${d.pref(d.regionById.get(m.candidateRegionId)!.prefectureCode)} 伴走支援事業者`,
        status: d.run?.status === MatchingRunStatus.PUBLISHED ? 'active' : 'pending',
        date,
        ...(d.budget.has(m.proposalId) ? { value: { amount: d.budget.get(m.proposalId), currency: 'JPY' } } : {}),
        suppliers: [{ id: party(d.vendor(m.vendorId)!.corporateNumber), name: d.vendor(m.vendorId)!.name }],
        relatedLots: [m.candidateRegionId],
        relatedBid: m.proposalId,
      })),
    };
    return {
      uri: `urn:regional-dx:ocds:${callId}`,
      version: '1.1',
      publishedDate: date,
      publisher: { name: '総務省 地域社会DX推進パッケージ事業 推進体制構築支援 事務局' },
      extensions: OCDS_EXTENSIONS,
      releases: [release],
    };
  }

  private async data(actor: Actor, callId: string) {
    const call = await this.programs.call(callId);
    const regionIds = await this.vendorCalls.regionIdsOfCall(callId);
    if (!regionIds.length && call.kind !== 'VENDOR') throw notFound();
    const regions = (await this.regions.byIds(regionIds)).sort((a, b) => a.prefectureCode.localeCompare(b.prefectureCode));
    const prefectureRows = await this.masterData.listPrefectures();
    const prefectures = new Map(prefectureRows.map((p) => [p.code, p.name]));
    const lgCodes = new Map(prefectureRows.map((p) => [p.code, p.lgCode]));
    const partners = await this.regions.partnersByApplicationIds(regions.map((r) => r.applicationId));
    const partnerCount = new Map<string, number>();
    for (const p of partners) partnerCount.set(p.applicationId, (partnerCount.get(p.applicationId) ?? 0) + 1);
    const results = await this.scoring.aggregateCall(callId);
    const vendorRows = await this.vendors.vendorsByIds([...new Set(results.map((r) => r.vendorId))]);
    const proposals = await this.applications.proposalsByIds(results.map((r) => r.proposalId));
    // Sealed bids: a budget is exported only to whoever may open the bid; the cell is empty otherwise.
    const open = await this.access.canOpenBid(
      actor,
      proposals.map((p) => p.id),
    );
    const runs = await this.repo.runsOfCall(callId);
    const run = runs.find((r) => r.status === MatchingRunStatus.PUBLISHED) ?? runs.find((r) => r.status === MatchingRunStatus.APPROVED) ?? null;
    const matches = run ? (await this.repo.matchesOfRuns([run.id])).filter((m) => m.status === MatchStatus.SELECTED) : [];
    const unsupported = run ? await this.repo.unsupportedOfRuns([run.id]) : [];
    const vendorsById = new Map(vendorRows.map((v) => [v.id, v]));
    // Excluded as the decision saw it (the run's inputs); before a run, as the vendors stand now.
    const excluded = new Set(
      run
        ? snapshotInput(run)
            .proposals.filter((p) => p.excluded)
            .map((p) => p.id)
        : results.filter((r) => vendorsById.get(r.vendorId)?.status !== VendorStatus.APPROVED).map((r) => r.proposalId),
    );
    return {
      excluded,
      call,
      regions,
      regionById: new Map(regions.map((r) => [r.id, r])),
      pref: (code: string) => prefectures.get(code) ?? code,
      lgCode: (code: string) => lgCodes.get(code)!,
      partnerCount,
      results,
      vendor: (id: string) => vendorsById.get(id),
      budget: new Map(proposals.filter((p) => open.has(p.id)).map((p) => [p.id, p.budgetYen])),
      run,
      matches,
      unsupported,
    };
  }
}

const party = (corporateNumber: string) => `JP-JCN-${corporateNumber}`;

/**
 * The scheme of the 全国地方公共団体コード (総務省; 6 digits, the last a check digit, e.g. 北海道 010006). org-id.guide
 * lists no register of it (for Japan it has only JP-JCN, JP-CR and JP-COA), so the label follows OCDS's guidance on
 * organization identifiers for an unlisted register: the country prefix plus a short abbreviation (Local Government
 * Code), checked not to collide with a code org-id.guide lists.
 */
const LG_CODE_SCHEME = 'JP-LGC';

/**
 * A prefecture as an OCDS party. A local public entity has a 法人番号 too, fixed by its 団体コード
 * (`localGovernmentCorporateNumber`: the National Tax Agency's rule), so it is identified as a vendor is: main identifier
 * JP-JCN, party id `JP-JCN-<法人番号>`; the 団体コード stays as an additional identifier.
 */
function prefectureParty(name: string, lgCode: string) {
  const corporateNumber = localGovernmentCorporateNumber(lgCode);
  return {
    id: party(corporateNumber),
    name,
    identifier: { scheme: 'JP-JCN', id: corporateNumber, legalName: name },
    additionalIdentifiers: [{ scheme: LG_CODE_SCHEME, id: lgCode, legalName: name }],
    roles: ['interestedParty'],
  };
}
const round = (n: number, d: number) => Math.round(n * 10 ** d) / 10 ** d;
