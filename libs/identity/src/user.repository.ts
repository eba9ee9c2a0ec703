import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inWriteTransaction, Writer } from '@app/core';
import { User } from './user.entity';

@Injectable()
export class UserRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  findByEmail(email: string, m: EntityManager = this.db.manager): Promise<User | null> {
    return m.getRepository(User).findOne({ where: { email: email.toLowerCase() } });
  }

  findById(id: string): Promise<User | null> {
    return this.db.getRepository(User).findOne({ where: { id } });
  }

  async vendorExists(id: string, m: EntityManager = this.db.manager): Promise<boolean> {
    return (await m.query('SELECT 1 FROM vendors WHERE id = $1', [id])).length > 0;
  }

  /** The status of a vendor account's vendor (one indexed read; identity comes before bidding, so plain SQL). */
  async vendorStatus(vendorId: string): Promise<string | null> {
    const rows: Array<{ status: string }> = await this.db.query('SELECT status FROM vendors WHERE id = $1', [vendorId]);
    return rows[0]?.status ?? null;
  }

  async setActiveForVendor(vendorId: string, active: boolean, m: EntityManager): Promise<void> {
    await m.getRepository(User).update({ vendorId }, { active });
  }

  list(): Promise<User[]> {
    return this.db.getRepository(User).find({ order: { role: 'ASC', email: 'ASC' } });
  }

  /** A write's unit of work, recorded in the audit trail as `writer`'s. */
  transaction<T>(writer: Writer, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return inWriteTransaction(this.db, writer, work);
  }

  async insert(user: Partial<User>, m: EntityManager): Promise<User> {
    return m.getRepository(User).save(m.getRepository(User).create(user));
  }
}
