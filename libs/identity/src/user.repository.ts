import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
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

  list(): Promise<User[]> {
    return this.db.getRepository(User).find({ order: { role: 'ASC', email: 'ASC' } });
  }

  async insert(user: Partial<User>, m: EntityManager = this.db.manager): Promise<User> {
    return m.getRepository(User).save(m.getRepository(User).create(user));
  }
}
