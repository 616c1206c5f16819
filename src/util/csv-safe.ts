/**
 * The one rule for CSV cells a spreadsheet must not run: used by `jobmig report x.csv` and
 * `jobmig query --format csv`.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A CSV cell a spreadsheet will not run as a formula: text starting with = + - @ (or a tab or CR) is
 * prefixed with an apostrophe, as OWASP advises; plain numbers such as -12.5 stay as they are.
 */
export function csvSafeCell(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}
