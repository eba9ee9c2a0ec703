import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, isStaff, MaybeActor } from '@app/core';
import { AuditSealer } from './audit-sealer';

interface Batch {
  /** entity → ids already audited in this request */
  seen: Map<string, Set<string>>;
  /** entity → field → ids waiting for the next flush */
  queued: Map<string, { field: string; ids: Set<string> }>;
  flush: Promise<void> | null;
}

/**
 * Reads of personal data by the staff (secretariat, ministry) are audited as READ records in the
 * same hash chain: one record per entity and request (ids in `detail`), written by one INSERT per
 * resolver level, before the data is returned (if the record cannot be written, the read fails).
 * Batches are keyed by the request's GraphQL context, so a list of 100 applications costs one INSERT.
 */
@Injectable()
export class ReadAudit {
  private readonly batches = new WeakMap<object, Batch>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sealer: AuditSealer,
  ) {}

  /** Whose reads are audited: the staff's (an applicant reading its own contacts is not). */
  audits(actor: MaybeActor): actor is Actor {
    return isStaff(actor);
  }

  async record(
    request: object,
    actor: MaybeActor,
    entity: string,
    field: string,
    ids: readonly string[],
    requestId?: string,
    clientRequestId?: string,
  ): Promise<void> {
    if (!this.audits(actor) || ids.length === 0) return;
    let batch = this.batches.get(request);
    if (!batch) this.batches.set(request, (batch = { seen: new Map(), queued: new Map(), flush: null }));
    const seen = batch.seen.get(entity) ?? new Set<string>();
    batch.seen.set(entity, seen);
    const fresh = ids.filter((id) => !seen.has(id));
    if (fresh.length === 0) return batch.flush ?? undefined;
    for (const id of fresh) seen.add(id);
    const queued = batch.queued.get(entity) ?? { field, ids: new Set<string>() };
    batch.queued.set(entity, queued);
    for (const id of fresh) queued.ids.add(id);
    // Every resolver of this level has run by the time setImmediate fires (DataLoader batches on a tick too).
    batch.flush ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.flush(batch!, actor, requestId, clientRequestId));
    return batch.flush;
  }

  private async flush(batch: Batch, actor: Actor, requestId?: string, clientRequestId?: string): Promise<void> {
    const rows = [...batch.queued.entries()].map(([entity, q]) => ({ entity, field: q.field, ids: [...q.ids].sort() }));
    batch.queued.clear();
    batch.flush = null;
    // The application role may not write audit_pending: READ records go through the one function that writes only READs.
    // The client's own request id, when it sent one, is kept beside the server's.
    const client = clientRequestId ? { clientRequestId } : {};
    await this.db.query('SELECT audit_record_reads($1, $2::text[], $3::jsonb[])', [
      actor.userId,
      rows.map((r) => r.entity),
      rows.map((r) => JSON.stringify({ field: r.field, role: actor.role, ids: r.ids, requestId: requestId ?? null, ...client })),
    ]);
    this.sealer.soon();
  }
}
