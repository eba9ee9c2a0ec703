/**
 * A text cell that a spreadsheet would run as a formula (OWASP "CSV injection"): anyone can register a
 * vendor or a briefing registrant named `=HYPERLINK(…)`, and the staff open the exports in Excel.
 * Cells starting with = + - @, a tab or a carriage return (and their full-width forms, which Japanese
 * input methods produce) get a leading apostrophe, so the program shows the text instead of evaluating it.
 * Numbers stay numbers: only text is touched.
 */
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;

export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
