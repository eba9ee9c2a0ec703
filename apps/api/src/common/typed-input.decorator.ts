import { Transform } from 'class-transformer';
import { normalizeTypedInput, TypedInputKind } from '@app/core';

/**
 * Folds a code, phone number or e-mail address as typed (全角 digits, ＠, 「－」) before class-validator checks it
 * (the validation pipe runs class-transformer first). Arrays are folded element by element; other values pass untouched.
 */
export function TypedInput(kind: TypedInputKind): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (typeof value === 'string') return normalizeTypedInput(kind, value);
    if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? normalizeTypedInput(kind, v) : v));
    return value;
  });
}
