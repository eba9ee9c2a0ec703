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

  async setActiveForVendor(vendorId: string, active: boolean, m: EntityManager): Promise<void> {
    await m.getRepository(User).update({ vendorId }, { active });
  }

  /** The active accounts of these vendors, by e-mail address. */
  activeOfVendors(vendorIds: readonly string[], m?: EntityManager): Promise<User[]> {
    return (m ?? this.db.manager)
      .getRepository(User)
      .createQueryBuilder('u')
      .where('u.active AND u.vendor_id = ANY(:ids)', { ids: [...vendorIds] })
      .orderBy('u.email', 'ASC')
      .getMany();
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
