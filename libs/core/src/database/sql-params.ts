/** The `:ids` parameter of a `= ANY(:ids)` query: one batched lookup however many keys. */
export const idsParam = (values: readonly string[]) => ({ ids: [...values] });
