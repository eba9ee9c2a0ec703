import { DomainError, parseJstDateTime } from '@app/core';

/** Reads an input date-time (JST when no offset is given) or refuses it as VALIDATION_FAILED. */
export function inputDate(field: string, value: string): Date {
  const d = parseJstDateTime(value);
  if (!d) {
    throw new DomainError('VALIDATION_FAILED', { field }, { ja: `${field} の日時が正しくありません。`, en: `${field} is not a valid date-time.` });
  }
  return d;
}

export const optionalInputDate = (field: string, value?: string) => (value === undefined ? undefined : inputDate(field, value));
