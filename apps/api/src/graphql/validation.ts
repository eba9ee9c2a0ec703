import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError } from '@app/core';

function flatten(errors: ValidationError[], prefix = ''): Array<{ field: string; constraints: string[] }> {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, constraints: Object.keys(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** class-validator on every input; failures become VALIDATION_FAILED naming each field and rule. */
export const validationPipe = new ValidationPipe({
  transform: true,
  whitelist: true,
  forbidNonWhitelisted: true,
  exceptionFactory: (errors) => {
    const fields = flatten(errors);
    return new DomainError(
      'VALIDATION_FAILED',
      { fields },
      {
        ja: `入力内容に誤りがあります：${fields.map((f) => f.field).join('、')}`,
        en: `Invalid input: ${fields.map((f) => `${f.field} (${f.constraints.join(', ')})`).join('; ')}`,
      },
    );
  },
});
