/** The `:ids` parameter of a `= ANY(:ids)` query: one batched lookup however many keys. */
export const idsParam = (values: readonly string[]) => ({ ids: [...values] });

/**
 * The rows of an `UPDATE/DELETE … RETURNING` run with `query()`: TypeORM's postgres driver answers those with
 * `[rows, count]`, a SELECT or INSERT with the rows alone.
 */
export function returningRows<T = Record<string, unknown>>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
