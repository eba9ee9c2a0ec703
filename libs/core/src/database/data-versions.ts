import { DataSource } from 'typeorm';

/**
 * The versions of the data kept in memory by every API instance, read together in one statement:
 * - `published`: candidate regions, partners, issues, desired support, published Q&A, master data, published results
 *   (migration 1765020000000; the published-response cache);
 * - `actors`: accounts, their sessions and their vendors' standing (migration 1765120000000; the actor of a session).
 * Triggers bump a version in every writer's transaction, so a version read after a commit always differs from one read
 * before it, on every instance sharing the database: what is kept under a version is never served past a change.
 */
export interface DataVersions {
  published: bigint;
  actors: bigint;
}

const readers = new WeakMap<DataSource, DataVersionReader>();

export class DataVersionReader {
  /** Per request (its `req` object): read once, whoever asks first — the sign-in check or the published cache. */
  private readonly perRequest = new WeakMap<object, Promise<DataVersions>>();

  private constructor(private readonly db: DataSource) {}

  /** The one reader of a database (process-wide, like the DataSource). */
  static of(db: DataSource): DataVersionReader {
    let r = readers.get(db);
    if (!r) readers.set(db, (r = new DataVersionReader(db)));
    return r;
  }

  /** The read on the wire now, and the one that starts when it returns (shared by every caller arriving meanwhile). */
  private inFlight?: Promise<DataVersions>;
  private next?: Promise<DataVersions>;

  /**
   * The versions as of a read that started after this call: read before the data they version, so what is kept under
   * them is at least that new. Concurrent callers share reads: a read already on the wire may have been sent before a
   * commit the caller must see, so a caller arriving meanwhile waits for the next read, which every caller arriving
   * before it starts shares. Under load that is one statement per round trip instead of one per request.
   */
  current(): Promise<DataVersions> {
    if (!this.inFlight) return this.start();
    this.next ??= this.inFlight
      .catch(() => undefined)
      .then(() => {
        this.next = undefined;
        return this.start();
      });
    return this.next;
  }

  private start(): Promise<DataVersions> {
    const read = this.read();
    this.inFlight = read;
    const done = () => {
      if (this.inFlight === read) this.inFlight = undefined;
    };
    read.then(done, done);
    return read;
  }

  /** One statement on the wire. */
  private async read(): Promise<DataVersions> {
    const [row] = (await this.db.query(
      'SELECT (SELECT version FROM published_data_version WHERE id = 1) AS published, (SELECT version FROM actor_data_version WHERE id = 1) AS actors',
    )) as Array<{ published: string | number; actors: string | number }>;
    return { published: BigInt(row.published), actors: BigInt(row.actors) };
  }

  /** The versions as of the request's first ask: one read per request, shared by everything that keeps data in memory. */
  forRequest(req: object): Promise<DataVersions> {
    let v = this.perRequest.get(req);
    if (!v) {
      v = this.current();
      this.perRequest.set(req, v);
      // A failed read is not kept: the next ask reads again (and fails or answers on its own).
      v.catch(() => this.perRequest.delete(req));
    }
    return v;
  }
}
