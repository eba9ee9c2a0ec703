import { PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { DomainError } from '@app/core';

/** Ids are UUIDs; anything else is refused as NOT_FOUND (no hint whether such an object exists). */
export class IdPipe implements PipeTransform<unknown, string | undefined> {
  protected readonly optional: boolean = false;

  transform(value: unknown): string | undefined {
    if ((value === undefined || value === null) && this.optional) return undefined;
    if (typeof value !== 'string' || !isUUID(value)) throw new DomainError('NOT_FOUND');
    return value;
  }
}

export class OptionalIdPipe extends IdPipe {
  protected override readonly optional = true;
}
