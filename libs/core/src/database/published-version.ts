import { DataSource } from 'typeorm';

/**
 * The version of the published data (candidate regions, partners, issues, desired support, published Q&A, master data):
 * triggers on those tables bump it in every writer's transaction (migration 1765020000000), so a version read after a
 * commit always differs from one read before it, on every instance sharing the database.
 */
export class PublishedDataVersion {
  constructor(private readonly db: DataSource) {}

  /** One statement on the wire; read before the data it versions (so what is kept under it is at least that new). */
  async current(): Promise<bigint> {
    const [row] = (await this.db.query('SELECT version FROM published_data_version WHERE id = 1')) as Array<{ version: string | number }>;
    return BigInt(row.version);
  }
}
