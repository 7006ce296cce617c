/**
 * Parser for the member list a branch secretary keeps in Excel and saves as CSV.
 *
 * Pure: takes the uploaded bytes, returns either every row (normalised) or every problem found,
 * each with the physical line where its record starts (header = line 1) and a reason in Vietnamese.
 * Any problem means nothing is imported.
 */

import { parse } from "csv-parse/sync";
import { joinedOnProblem } from "../domain/member-dates.ts";
import { personNameProblem } from "../domain/person-name.ts";
import { formatDate } from "../domain/vi-format.ts";
import {
  FIELD_LABEL,
  type Field,
  fold,
  HEADER_TABLE,
  listWords,
  type MemberRole,
  type MemberStatus,
  parseDate,
  parseEmail,
  parsePhone,
  quoted,
  ROLE_TABLE,
  ROLE_WORDS,
  ROW_NUMBER_HEADER,
  STATUS_TABLE,
} from "./member-csv-values.ts";

export type { MemberRole, MemberStatus } from "./member-csv-values.ts";

export interface MemberCsvRow {
  line: number;
  fullName: string;
  email: string | null;
  phone: string | null;
  role: MemberRole;
  status: MemberStatus;
  joinedOn: string | null;
  leftOn: string | null;
}

export interface CsvProblem {
  line: number;
  /** A key of MemberCsvRow for a problem with one value; null for a problem with the file, the header or a whole row. */
  field: string | null;
  /** In Vietnamese, for the secretary. */
  reason: string;
}

/** A refused file still gives the rows it could read (`rows`), so that what the database knows about them
 * (an email already in the branch) is reported with the file's own problems, in one round. */
export type MemberCsvResult =
  | { ok: true; rows: MemberCsvRow[] }
  | { ok: false; problems: CsvProblem[]; rows?: MemberCsvRow[] };

const SAVE_AS_UTF8 =
  'Tệp không phải mã UTF-8 (có thể Excel đã lưu theo kiểu "CSV (Comma delimited)" với bảng mã Windows-1258). ' +
  'Hãy mở tệp trong Excel, chọn "Lưu thành" (Save As) và chọn kiểu "CSV UTF-8 (Comma delimited)", rồi tải lên lại.';

/** Collapses runs of whitespace (including no-break spaces) and trims. */
function clean(text: string): string {
  return text.normalize("NFC").replace(/\s+/gu, " ").trim();
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Picks the delimiter from the header line: the one of ";" and "," that occurs more often outside quotes. */
function detectDelimiter(headerLine: string): ";" | "," {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === ";") semicolons++;
    else if (!quoted && ch === ",") commas++;
  }
  return semicolons > commas ? ";" : ",";
}

interface RawRecord {
  line: number;
  cells: string[];
}

/** Splits the text into records, each with the physical line where it starts. Empty records are dropped. */
function readRecords(text: string, delimiter: string, firstLine: number): RawRecord[] | CsvProblem {
  const records: RawRecord[] = [];
  let previousEndLine = firstLine - 1;
  const starts: number[] = [];
  try {
    const parsed: string[][] = parse(text, {
      delimiter,
      record_delimiter: "\n",
      relax_column_count: true,
      relax_quotes: true,
      on_record: (cells: string[], context) => {
        starts.push(previousEndLine + 1);
        previousEndLine = context.lines + firstLine - 1;
        return cells;
      },
    });
    parsed.forEach((cells, index) => {
      if (cells.some((cell) => cell.trim() !== "")) records.push({ line: starts[index]!, cells });
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    return {
      line: previousEndLine + 1,
      field: null,
      reason:
        code === "CSV_QUOTE_NOT_CLOSED"
          ? 'Có dấu ngoặc kép (") mở mà không đóng từ dòng này; tệp bị hỏng hoặc không phải tệp CSV.'
          : 'Không đọc được tệp CSV từ dòng này; hãy lưu lại từ Excel theo kiểu "CSV UTF-8".',
    };
  }
  return records;
}

export function parseMemberCsv(data: Buffer, today?: string): MemberCsvResult {
  let text: string;
  try {
    // TextDecoder drops a leading BOM by default.
    text = new TextDecoder("utf-8", { fatal: true }).decode(data);
  } catch {
    const lossy = new TextDecoder("utf-8").decode(data);
    const bad = lossy.indexOf("\uFFFD");
    return { ok: false, problems: [{ line: lineOfOffset(lossy, bad), field: null, reason: SAVE_AS_UTF8 }] };
  }
  text = text.replace(/\r\n?/g, "\n");

  // Excel understands a first line "sep=;" naming the delimiter; honour it and skip it.
  let firstLine = 1;
  let forcedDelimiter: string | null = null;
  const sep = /^sep=(.)\n/i.exec(text);
  if (sep) {
    forcedDelimiter = sep[1]!;
    text = text.slice(sep[0].length);
    firstLine = 2;
  }

  const headerLine = text.split("\n").find((line) => line.trim() !== "");
  if (headerLine === undefined) {
    return {
      ok: false,
      problems: [
        { line: 1, field: null, reason: "Tệp trống: không có dòng tiêu đề và không có đảng viên nào." },
      ],
    };
  }
  const delimiter = forcedDelimiter ?? detectDelimiter(headerLine);

  const records = readRecords(text, delimiter, firstLine);
  if (!Array.isArray(records)) return { ok: false, problems: [records] };

  const problems: CsvProblem[] = [];
  const [header, ...body] = records;
  if (!header) {
    return {
      ok: false,
      problems: [
        { line: 1, field: null, reason: "Tệp trống: không có dòng tiêu đề và không có đảng viên nào." },
      ],
    };
  }

  // Map columns to fields.
  const columns: (Field | null)[] = [];
  const seen = new Map<Field, string>();
  const unknown: string[] = [];
  header.cells.forEach((rawName, index) => {
    const name = clean(rawName);
    const key = fold(name);
    if (key === "" || key === ROW_NUMBER_HEADER) {
      columns.push(null);
      return;
    }
    const field = HEADER_TABLE.get(key);
    if (!field) {
      unknown.push(name);
      columns.push(null);
      return;
    }
    const earlier = seen.get(field);
    if (earlier !== undefined) {
      problems.push({
        line: header.line,
        field,
        reason: `Cột ${quoted(name)} (thứ ${index + 1}) trùng ý nghĩa với cột ${quoted(earlier)}; chỉ giữ một cột ${FIELD_LABEL[field]}.`,
      });
      columns.push(null);
      return;
    }
    seen.set(field, name);
    columns.push(field);
  });
  if (unknown.length > 0) {
    problems.push({
      line: header.line,
      field: null,
      reason:
        `Không hiểu ${unknown.length === 1 ? "cột" : "các cột"} ${unknown.map(quoted).join(", ")}. ` +
        `Các cột được dùng: STT, ${Object.values(FIELD_LABEL).join(", ")}.`,
    });
  }
  if (!seen.has("fullName")) {
    problems.push({
      line: header.line,
      field: "fullName",
      reason: 'Thiếu cột "Họ và tên" ở dòng tiêu đề (dòng đầu tiên của tệp).',
    });
  }
  if (body.length === 0) {
    problems.push({
      line: header.line,
      field: null,
      reason: "Tệp chỉ có dòng tiêu đề, không có đảng viên nào.",
    });
  }

  const rows: MemberCsvRow[] = [];
  const emailLines = new Map<string, number>();
  let secretaryLine: number | null = null;

  for (const record of body) {
    const line = record.line;
    const problem = (field: Field | null, reason: string) => problems.push({ line, field, reason });
    const values: Partial<Record<Field, string>> = {};
    let strayCell = false;
    record.cells.forEach((cell, index) => {
      const field = columns[index];
      if (field) values[field] = clean(cell);
      else if (index >= header.cells.length || clean(header.cells[index] ?? "") === "") {
        if (cell.trim() !== "") strayCell = true;
      }
    });
    if (strayCell) {
      problem(
        null,
        "Dòng có dữ liệu nằm ngoài các cột có tiêu đề (thừa ô, hoặc một ô có dấu phân cách mà không đặt trong ngoặc kép).",
      );
    }

    const fullName = values.fullName ?? "";
    if (seen.has("fullName")) {
      const reason = personNameProblem(fullName);
      if (reason) problem("fullName", reason);
    }

    let email: string | null = null;
    if (values.email) {
      const parsed = parseEmail(values.email);
      if (!parsed.ok) problem("email", parsed.reason);
      else {
        const earlierLine = emailLines.get(parsed.value);
        if (earlierLine !== undefined) {
          problem("email", `Email ${quoted(parsed.value)} trùng với email ở dòng ${earlierLine}.`);
        } else {
          emailLines.set(parsed.value, line);
          email = parsed.value;
        }
      }
    }

    let phone: string | null = null;
    if (values.phone) {
      const parsed = parsePhone(values.phone);
      if (parsed.ok) phone = parsed.value;
      else problem("phone", parsed.reason);
    }

    let role: MemberRole = "member";
    const roleText = values.role ?? "";
    const foundRole = ROLE_TABLE.get(fold(roleText));
    if (foundRole === undefined) {
      problem(
        "role",
        `Chức vụ ${quoted(roleText)} không được hỗ trợ. Dùng một trong: ` +
          `${listWords(Object.values(ROLE_WORDS).flat())} hoặc để trống (Đảng viên).`,
      );
    } else {
      role = foundRole;
      if (role === "secretary") {
        if (secretaryLine === null) secretaryLine = line;
        else problem("role", `Chi bộ chỉ có một Bí thư, nhưng dòng ${secretaryLine} cũng đã ghi là Bí thư.`);
      }
    }

    let status: MemberStatus = "full";
    const statusText = values.status ?? "";
    const foundStatus = STATUS_TABLE.get(fold(statusText));
    // A guest is not a party member: whatever the status column says is irrelevant and stored as "full".
    if (role !== "guest") {
      if (foundStatus === undefined) {
        problem(
          "status",
          `Loại đảng viên ${quoted(statusText)} không được hỗ trợ. Dùng "Chính thức", "Dự bị" hoặc để trống (Chính thức).`,
        );
      } else status = foundStatus;
    }
    // Điều lệ Đảng, điều 5: a probationary member may not stand for or be elected to a party committee.
    if (
      status === "probationary" &&
      (role === "secretary" || role === "deputy_secretary" || role === "committee_member")
    ) {
      problem(
        "status",
        `Đảng viên dự bị không thể giữ chức vụ ${quoted(roleText)} (Điều lệ Đảng: không có quyền ứng cử vào cấp ủy).`,
      );
    }

    const dates: { joinedOn: string | null; leftOn: string | null } = { joinedOn: null, leftOn: null };
    for (const field of ["joinedOn", "leftOn"] as const) {
      const value = values[field];
      if (!value) continue;
      const parsed = parseDate(value, FIELD_LABEL[field]);
      if (parsed.ok) dates[field] = parsed.value;
      else problem(field, parsed.reason);
    }
    const future = dates.joinedOn && today ? joinedOnProblem(dates.joinedOn, today) : null;
    if (future) problem("joinedOn", `${future.charAt(0).toUpperCase()}${future.slice(1)}.`);
    if (dates.joinedOn && dates.leftOn && dates.leftOn < dates.joinedOn) {
      problem(
        "leftOn",
        `Ngày chuyển đi (${formatDate(dates.leftOn)}) trước ngày vào Đảng (${formatDate(dates.joinedOn)}).`,
      );
    }

    rows.push({ line, fullName, email, phone, role, status, joinedOn: dates.joinedOn, leftOn: dates.leftOn });
  }

  if (problems.length > 0) {
    problems.sort((a, b) => a.line - b.line);
    return { ok: false, problems, rows };
  }
  return { ok: true, rows };
}
