/**
 * The body equals the expected one. Autocannon decodes a body chunk by chunk (`string += buffer`), so a multi-byte
 * character split across two TCP reads arrives as a run of U+FFFD: such a run stands for exactly one non-ASCII
 * character of the expected text, everything else must be equal (large Japanese bodies, W4 at M, are split often).
 */
export function sameText(body: string, expected: string): boolean {
  if (body === expected) return true;
  if (!body.includes('\uFFFD')) return false;
  const parts = body.split(/\uFFFD+/);
  let at = 0;
  for (const [i, part] of parts.entries()) {
    if (i > 0) {
      const cp = expected.codePointAt(at);
      if (cp === undefined || cp < 0x80) return false;
      at += cp > 0xffff ? 2 : 1;
    }
    if (!expected.startsWith(part, at)) return false;
    at += part.length;
  }
  return at === expected.length;
}
