/**
 * What a person's name may be, for every way a name comes in (the member list's CSV, the JSON API): one
 * rule, so that the API does not store what the import refuses. Pure.
 */

export const MAX_NAME_LENGTH = 200;

/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"): a name that starts
 * with one would run when the list or a report is opened in Excel. No Vietnamese name starts with one.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Why `name` (already NFC and trimmed) cannot be a person's name, in Vietnamese, or null when it can.
 * The reasons are whole sentences, shown to a secretary as they are.
 */
export function personNameProblem(name: string): string | null {
  if (name === "") return "Thiếu họ và tên.";
  if ([...name].length > MAX_NAME_LENGTH) return `Họ và tên dài quá ${MAX_NAME_LENGTH} ký tự.`;
  if (FORMULA_START.test(name))
    return `Họ và tên "${name}" bắt đầu bằng "${name[0]}": bảng tính (Excel) sẽ coi đó là công thức. Hãy bỏ ký tự này.`;
  if (!/\p{L}/u.test(name)) return `Họ và tên "${name}" không có chữ cái nào.`;
  return null;
}
