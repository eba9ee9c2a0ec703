import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError } from '@app/core';

function flatten(errors: ValidationError[], prefix = ''): Array<{ field: string; constraints: string[] }> {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, constraints: Object.keys(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** class-validator failures become VALIDATION_FAILED naming each field and rule. */
const classValidation = {
  exceptionFactory: (errors: ValidationError[]) => {
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
};

// String.prototype.isWellFormed (Node 20+) is newer than the compiler's lib setting.
const isWellFormed = (s: string) => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/** The path of the first string that no text column can hold: a NUL character, or a lone UTF-16 surrogate. */
function unstorableText(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') || !isWellFormed(value) ? path || 'value' : null;
  // Only what a client sent: plain objects and arrays (the context and the request are not inputs).
  if (depth > 32 || value === null || typeof value !== 'object') return null;
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return null;
  for (const [k, v] of Object.entries(value)) {
    const found = unstorableText(v, path ? `${path}.${k}` : k, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * class-validator on every input, after one check of our own: text that PostgreSQL cannot store (NUL)
 * or that is not well-formed Unicode is refused as VALIDATION_FAILED before any validator or query
 * sees it (some validators throw on lone surrogates, and the database would refuse NUL).
 */
/** GqlParamtype.ARGS of @nestjs/graphql (ROOT 0, CONTEXT 1, INFO 2, ARGS 3), which passes the param type as a number. */
const GRAPHQL_ARGS = 3;

class InputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // GraphQL's @Parent/@Context/@Info (numeric param types other than ARGS) are the server's own objects, not input:
    // left alone (ValidationPipe would otherwise run class-transformer and class-validator on every parent entity).
    if (typeof metadata.type === 'number' && metadata.type !== GRAPHQL_ARGS) return value;
    const field = metadata.type === 'custom' ? null : unstorableText(value, metadata.data ?? '');
    if (field) {
      throw new DomainError(
        'VALIDATION_FAILED',
        { fields: [{ field, constraints: ['wellFormedText'] }] },
        { ja: `入力内容に使用できない文字が含まれています：${field}`, en: `Invalid characters in: ${field}` },
      );
    }
    return super.transform(value, metadata);
  }
}

export const validationPipe = new InputValidationPipe({
  transform: true,
  whitelist: true,
  forbidNonWhitelisted: true,
  ...classValidation,
});
