import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { User } from './user.entity';

@Injectable()
export class UserRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  findByEmail(email: string): Promise<User | null> {
    return this.db.getRepository(User).findOne({ where: { email: email.toLowerCase() } });
  }

  findById(id: string): Promise<User | null> {
    return this.db.getRepository(User).findOne({ where: { id } });
  }

  list(): Promise<User[]> {
    return this.db.getRepository(User).find({ order: { role: 'ASC', email: 'ASC' } });
  }

  async insert(user: Partial<User>): Promise<User> {
    return this.db.getRepository(User).save(this.db.getRepository(User).create(user));
  }
}
