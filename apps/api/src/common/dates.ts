import { ValidateBy, ValidationOptions } from 'class-validator';
import { DomainError, isCalendarDate, parseJstDateTime } from '@app/core';

/** Reads an input date-time (JST when no offset is given) or refuses it as VALIDATION_FAILED. */
export function inputDate(field: string, value: string): Date {
  const d = parseJstDateTime(value);
  if (!d) {
    throw new DomainError('VALIDATION_FAILED', { field }, { ja: `${field} の日時が正しくありません。`, en: `${field} is not a valid date-time.` });
  }
  return d;
}

export const optionalInputDate = (field: string, value?: string) => (value === undefined ? undefined : inputDate(field, value));

/** class-validator: a YYYY-MM-DD date that is on the calendar (not 2040-02-30), before it reaches a `date` column. */
export const IsCalendarDate = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (v: unknown) => typeof v === 'string' && isCalendarDate(v),
        defaultMessage: () => '$property must be a calendar date (YYYY-MM-DD)',
      },
    },
    options,
  );
