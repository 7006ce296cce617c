/**
 * Parser for the member list a branch secretary keeps in Excel and saves as CSV.
 *
 * Pure: takes the uploaded bytes, returns either every row (normalised) or every problem found,
 * each with the physical line where its record starts (header = line 1) and a reason in Vietnamese.
 * Any problem means nothing is imported.
 */
import { parse } from "csv-parse/sync";
import { DateTime } from "luxon";
import { formatDate } from "../domain/vi-format.ts";

export type MemberRole = "secretary" | "deputy_secretary" | "committee_member" | "member" | "guest";
export type MemberStatus = "full" | "probationary";

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

export type MemberCsvResult = { ok: true; rows: MemberCsvRow[] } | { ok: false; problems: CsvProblem[] };

type Field = Exclude<keyof MemberCsvRow, "line">;

/** Vietnamese label of each column, used in the reasons. */
const FIELD_LABEL: Record<Field, string> = {
  fullName: "Họ và tên",
  email: "Email",
  phone: "Số điện thoại",
  role: "Chức vụ",
  status: "Loại đảng viên",
  joinedOn: "Ngày vào Đảng",
  leftOn: "Ngày chuyển đi",
};

/** Header names, folded with `fold`. */
const HEADER_ALIASES: Record<Field, readonly string[]> = {
  fullName: ["Họ và tên", "Họ tên", "full name", "name"],
  email: ["Email", "Thư điện tử"],
  phone: ["Điện thoại", "Số điện thoại", "SĐT", "phone"],
  role: ["Chức vụ", "Vai trò", "Chức vụ trong chi bộ", "role"],
  status: ["Loại đảng viên", "Trạng thái", "Chính thức/Dự bị", "status"],
  joinedOn: ["Ngày vào Đảng", "Ngày tham gia", "joined"],
  leftOn: ["Ngày chuyển đi", "Ngày rời", "left"],
};

const ROW_NUMBER_HEADER = "stt";

const ROLE_WORDS: Record<MemberRole, readonly string[]> = {
  secretary: ["Bí thư", "Bí thư chi bộ", "secretary"],
  deputy_secretary: ["Phó Bí thư", "Phó Bí thư chi bộ", "deputy_secretary"],
  committee_member: ["Chi ủy viên", "Cấp ủy viên", "committee_member"],
  member: ["Đảng viên", "", "member"],
  guest: ["Khách mời", "Quần chúng", "Người lao động", "Công chức", "guest"],
};

const STATUS_WORDS: Record<MemberStatus, readonly string[]> = {
  full: ["Chính thức", "", "full"],
  probationary: ["Dự bị", "probationary"],
};

/**
 * Case-, spacing-, punctuation- and diacritics-insensitive key: "Số điện thoại" → "sodienthoai",
 * "Chi uỷ viên" and "Chi ủy viên" → "chiuyvien", "deputy_secretary" → "deputysecretary".
 */
function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

function lookupTable<T extends string>(words: Record<T, readonly string[]>): Map<string, T> {
  const table = new Map<string, T>();
  for (const [value, names] of Object.entries(words) as [T, readonly string[]][]) {
    for (const name of names) table.set(fold(name), value);
  }
  return table;
}

const HEADER_TABLE = lookupTable(HEADER_ALIASES);
const ROLE_TABLE = lookupTable(ROLE_WORDS);
const STATUS_TABLE = lookupTable(STATUS_WORDS);

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

function quoted(value: string): string {
  return `"${value}"`;
}

function listWords(words: readonly string[]): string {
  return words
    .filter((w) => w !== "" && !/^[a-z_]+$/.test(w))
    .map(quoted)
    .join(", ");
}

const EMAIL_PATTERN =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

function parseEmail(value: string): { ok: true; value: string } | { ok: false; reason: string } {
  const email = value.toLowerCase();
  if (/\s/.test(email)) return { ok: false, reason: `Email ${quoted(value)} có khoảng trắng ở giữa.` };
  if (!EMAIL_PATTERN.test(email)) {
    return {
      ok: false,
      reason: `Email ${quoted(value)} không hợp lệ (cần có dạng ten@ten-mien.vn, không dấu tiếng Việt).`,
    };
  }
  return { ok: true, value: email };
}

function parsePhone(value: string): { ok: true; value: string } | { ok: false; reason: string } {
  if (/^\d+(?:[.,]\d+)?E\+\d+$/i.test(value)) {
    return {
      ok: false,
      reason:
        `Số điện thoại ${quoted(value)} đã bị Excel đổi thành dạng số khoa học. ` +
        'Hãy định dạng cột số điện thoại là "Văn bản" (Text) và nhập lại.',
    };
  }
  if (!/^\+?[\d. ]+$/.test(value)) {
    return {
      ok: false,
      reason: `Số điện thoại ${quoted(value)} chỉ được gồm chữ số, dấu cách, dấu chấm và dấu + ở đầu.`,
    };
  }
  const international = value.startsWith("+");
  const digits = value.replace(/\D/g, "");
  if (international) {
    if (!/^84\d{9,10}$/.test(digits)) {
      return {
        ok: false,
        reason: `Số điện thoại ${quoted(value)} không hợp lệ: số quốc tế phải bắt đầu bằng +84 và có 9–10 chữ số sau đó.`,
      };
    }
    return { ok: true, value: `+${digits}` };
  }
  if (digits.length < 9 || digits.length > 11) {
    return {
      ok: false,
      reason: `Số điện thoại ${quoted(value)} có ${digits.length} chữ số; số điện thoại Việt Nam có từ 9 đến 11 chữ số.`,
    };
  }
  return { ok: true, value: digits };
}

function parseDate(
  value: string,
  label: string,
): { ok: true; value: string } | { ok: false; reason: string } {
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  let parts: { year: number; month: number; day: number } | null = null;
  if (vn) parts = { day: Number(vn[1]), month: Number(vn[2]), year: Number(vn[3]) };
  else if (iso) parts = { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
  if (!parts) {
    return {
      ok: false,
      reason: `${label} ${quoted(value)} không đúng dạng ngày/tháng/năm (ví dụ 03/02/2010 hoặc 3/2/2010).`,
    };
  }
  const date = DateTime.fromObject(parts, { zone: "UTC" });
  if (!date.isValid)
    return { ok: false, reason: `${label} ${quoted(value)} không phải là một ngày có thật.` };
  if (parts.year < 1900 || parts.year > 2100) {
    return { ok: false, reason: `${label} ${quoted(value)} có năm không hợp lý.` };
  }
  return { ok: true, value: date.toISODate()! };
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

export function parseMemberCsv(data: Buffer): MemberCsvResult {
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
      if (fullName === "") problem("fullName", "Thiếu họ và tên.");
      else if (!/\p{L}/u.test(fullName))
        problem("fullName", `Họ và tên ${quoted(fullName)} không có chữ cái nào.`);
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
    return { ok: false, problems };
  }
  return { ok: true, rows };
}
