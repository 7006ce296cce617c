import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type CsvProblem, type MemberCsvRow, parseMemberCsv } from "../../src/organisation/member-csv.ts";

function fixture(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
}

function rowsOf(data: Buffer | string): MemberCsvRow[] {
  const result = parseMemberCsv(typeof data === "string" ? Buffer.from(data, "utf8") : data);
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.problems)}`);
  return result.rows;
}

function problemsOf(data: Buffer | string): CsvProblem[] {
  const result = parseMemberCsv(typeof data === "string" ? Buffer.from(data, "utf8") : data);
  if (result.ok) throw new Error(`expected problems, got ${JSON.stringify(result.rows)}`);
  return result.problems;
}

/** [line, field] of each problem, for compact assertions. */
function where(problems: CsvProblem[]): [number, string | null][] {
  return problems.map((p) => [p.line, p.field]);
}

describe("parseMemberCsv: good files", () => {
  it("reads a UTF-8 file with BOM, ';' delimiter and CRLF as Excel in a Vietnamese locale saves it", () => {
    const data = fixture("members-good-bom-semicolon.csv");
    expect([...data.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(data.includes("\r\n")).toBe(true);

    expect(rowsOf(data)).toEqual([
      {
        line: 2,
        fullName: "Nguyễn Thị Hằng",
        email: "hang.nt@example.vn",
        phone: "0912345678",
        role: "secretary",
        status: "full",
        joinedOn: "2005-02-03",
        leftOn: null,
      },
      {
        line: 3,
        fullName: "Đặng Văn Lâm; Phó",
        email: "lam.dv@example.vn",
        phone: "0388251234",
        role: "deputy_secretary",
        status: "full",
        joinedOn: "2010-09-01",
        leftOn: null,
      },
      {
        // quoted field spanning lines 5–6; line 4 is empty and skipped
        line: 5,
        fullName: "Trần Thị Bình",
        email: null,
        phone: null,
        role: "committee_member",
        status: "full",
        joinedOn: "2012-05-19",
        leftOn: null,
      },
      {
        // line 7 is ";;;;;;;", a row Excel leaves when a row is cleared: skipped
        line: 8,
        fullName: 'Lê Văn "Tí" Hùng',
        email: "hung@example.vn",
        phone: "0912345678", // Excel dropped the 0
        role: "member",
        status: "probationary",
        joinedOn: "2024-05-19",
        leftOn: null,
      },
      {
        line: 9,
        fullName: "Phạm Quang Huy",
        email: null,
        phone: null,
        role: "guest",
        status: "full",
        joinedOn: null,
        leftOn: null,
      },
      {
        line: 10,
        fullName: "Võ Thị Lan",
        email: "lan@example.vn",
        phone: null,
        role: "member",
        status: "full",
        joinedOn: "2000-10-10",
        leftOn: "2023-12-31",
      },
    ]);
  });

  it("reads a UTF-8 file without BOM, ',' delimiter, LF and headers without diacritics", () => {
    const data = fixture("members-good-comma.csv");
    expect(data[0]).not.toBe(0xef);
    expect(data.includes("\r")).toBe(false);

    const rows = rowsOf(data);
    expect(rows.map((r) => [r.line, r.fullName, r.role, r.status])).toEqual([
      [2, "Nguyễn Thị Hằng, Bí thư cũ", "secretary", "full"],
      [3, "Đặng Văn Lâm", "committee_member", "full"],
      [5, 'Hoàng Văn Nam, "Nam nhỏ"', "member", "probationary"],
      [7, "Bùi Thị Thu", "guest", "full"],
    ]);
    expect(rows[0]).toMatchObject({ email: "hang@example.vn", phone: "0912345678", joinedOn: "2005-02-03" });
    expect(rows[1]).toMatchObject({ email: "lam@example.vn", phone: null, joinedOn: null });
    expect(rows[2]).toMatchObject({ phone: "0912345678", joinedOn: "2024-05-19" });
  });

  it("keeps Vietnamese diacritics in names, NFC-normalised even when the file is NFD", () => {
    const nfd = "Họ và tên\nNguyễn Thị Hằng\nĐặng Văn Lâm\n".normalize("NFD");
    const rows = rowsOf(nfd);
    expect(rows.map((r) => r.fullName)).toEqual(["Nguyễn Thị Hằng", "Đặng Văn Lâm"]);
    expect(rows[0]!.fullName).toBe("Nguyễn Thị Hằng".normalize("NFC"));
    expect(rows[0]!.fullName.length).toBe(15);
  });

  it("collapses whitespace in names, including no-break spaces and tabs", () => {
    const rows = rowsOf("Họ và tên\n  Nguyễn\u00a0\u00a0Thị \t Hằng  \n");
    expect(rows[0]!.fullName).toBe("Nguyễn Thị Hằng");
  });

  it.each([
    ["Họ và tên;Email;Điện thoại;Chức vụ;Loại đảng viên;Ngày vào Đảng;Ngày chuyển đi"],
    ["HỌ  TÊN;THƯ ĐIỆN TỬ;Số điện thoại;Vai trò;Trạng thái;Ngày tham gia;Ngày rời"],
    ["ho va ten;email;sdt;chuc vu trong chi bo;chinh thuc / du bi;ngay vao dang;ngay chuyen di"],
    ["Full Name;E-mail;Phone;Role;Status;Joined;Left"],
    ["name;Email;SĐT;Chức vụ trong chi bộ;Chính thức/Dự bị;joined;left"],
  ])("matches header aliases: %s", (header) => {
    const rows = rowsOf(
      `${header}\nĐặng Văn Lâm;Lam@Example.vn;0987 654 321;Đảng viên;Dự bị;01/02/2020;03/04/2021\n`,
    );
    expect(rows).toEqual([
      {
        line: 2,
        fullName: "Đặng Văn Lâm",
        email: "lam@example.vn",
        phone: "0987654321",
        role: "member",
        status: "probationary",
        joinedOn: "2020-02-01",
        leftOn: "2021-04-03",
      },
    ]);
  });

  it("maps every header alias to the right field", () => {
    const header = "STT;name;Thư điện tử;SĐT;Vai trò;Trạng thái;Ngày tham gia;Ngày rời";
    const rows = rowsOf(
      `${header}\n1;Đặng Văn Lâm;Lam@Example.vn;0987.654.321;Cấp ủy viên;;1/2/2020;2021-04-03\n`,
    );
    expect(rows[0]).toEqual({
      line: 2,
      fullName: "Đặng Văn Lâm",
      email: "lam@example.vn",
      phone: "0987654321",
      role: "committee_member",
      status: "full",
      joinedOn: "2020-02-01",
      leftOn: "2021-04-03",
    });
  });

  it.each<[string, MemberCsvRow["role"]]>([
    ["Bí thư", "secretary"],
    ["BI THU", "secretary"],
    ["secretary", "secretary"],
    ["Phó Bí thư", "deputy_secretary"],
    ["pho bi thu", "deputy_secretary"],
    ["deputy_secretary", "deputy_secretary"],
    ["Chi ủy viên", "committee_member"],
    ["Chi uỷ viên", "committee_member"],
    ["Cấp ủy viên", "committee_member"],
    ["committee_member", "committee_member"],
    ["Đảng viên", "member"],
    ["", "member"],
    ["member", "member"],
    ["Khách mời", "guest"],
    ["Quần chúng", "guest"],
    ["Người lao động", "guest"],
    ["Công chức", "guest"],
    ["guest", "guest"],
  ])("reads role %j as %s", (word, role) => {
    expect(rowsOf(`Họ và tên,Chức vụ\nĐặng Văn Lâm,${word}\n`)[0]!.role).toBe(role);
  });

  it.each<[string, MemberCsvRow["status"]]>([
    ["Chính thức", "full"],
    ["chinh thuc", "full"],
    ["", "full"],
    ["full", "full"],
    ["Dự bị", "probationary"],
    ["DU BI", "probationary"],
    ["probationary", "probationary"],
  ])("reads status %j as %s", (word, status) => {
    expect(rowsOf(`Họ và tên,Loại đảng viên\nĐặng Văn Lâm,${word}\n`)[0]!.status).toBe(status);
  });

  it("stores a guest as full whatever the status column says", () => {
    const rows = rowsOf(
      "Họ và tên,Chức vụ,Loại đảng viên\nBùi Thị Thu,Quần chúng,Dự bị\nĐỗ Văn Tư,Khách mời,xyz\n",
    );
    expect(rows.map((r) => [r.role, r.status])).toEqual([
      ["guest", "full"],
      ["guest", "full"],
    ]);
  });

  it("accepts a lone name column and defaults the rest", () => {
    expect(rowsOf("Họ và tên\nNguyễn Thị Hằng")).toEqual([
      {
        line: 2,
        fullName: "Nguyễn Thị Hằng",
        email: null,
        phone: null,
        role: "member",
        status: "full",
        joinedOn: null,
        leftOn: null,
      },
    ]);
  });

  it("honours Excel's 'sep=' first line and counts it as a physical line", () => {
    const rows = rowsOf('sep=,\r\nHọ và tên,Chức vụ\r\n"Nguyễn Thị Hằng; Hằng",Bí thư\r\n');
    expect(rows).toEqual([
      expect.objectContaining({ line: 3, fullName: "Nguyễn Thị Hằng; Hằng", role: "secretary" }),
    ]);
  });

  it("picks ';' or ',' from the header line even when data cells contain the other one", () => {
    const rows = rowsOf('Họ và tên;Email\n"Lê Văn A, B";a@example.vn\n');
    expect(rows[0]).toMatchObject({ fullName: "Lê Văn A, B", email: "a@example.vn" });
    const rows2 = rowsOf('Họ và tên,Email\n"Lê Văn A; B",a@example.vn\n');
    expect(rows2[0]).toMatchObject({ fullName: "Lê Văn A; B", email: "a@example.vn" });
  });

  it("keeps physical line numbers after several multiline quoted fields and blank lines", () => {
    const csv = 'Họ và tên,Email\n"A\nB\nC",a@example.vn\n\n\n"D\r\nE",d@example.vn\r\nF,f@example.vn\n';
    expect(rowsOf(csv).map((r) => [r.line, r.fullName])).toEqual([
      [2, "A B C"],
      [7, "D E"],
      [9, "F"],
    ]);
  });

  it("accepts one-day membership (left on the day joined) and d/M/yyyy dates", () => {
    const rows = rowsOf(
      "Họ và tên,Ngày vào Đảng,Ngày chuyển đi\nA Văn B,5/3/2019,05/03/2019\nC Thị D,29/2/2024,\n",
    );
    expect(rows.map((r) => [r.joinedOn, r.leftOn])).toEqual([
      ["2019-03-05", "2019-03-05"],
      ["2024-02-29", null],
    ]);
  });
});

describe("parseMemberCsv: bad rows", () => {
  it("reports every bad row of the fixture with its line, field and a Vietnamese reason", () => {
    const problems = problemsOf(fixture("members-bad.csv"));
    expect(where(problems)).toEqual([
      [3, "fullName"], // empty name
      [4, "email"], // not an email
      [5, "email"], // AN@example.vn duplicates line 2 (case-insensitive)
      [6, "phone"], // an old 11-digit mobile number
      [7, "phone"], // 5 digits
      [8, "role"], // Trưởng phòng
      [9, "status"], // Tạm thời
      [10, "joinedOn"], // 31/02/2010
      [11, "joinedOn"], // 2010/02/03
      [12, "leftOn"], // left the day before joining
      [13, "role"], // second secretary
      [15, "email"], // multiline record starting on line 15, after a blank line 14
      [17, "phone"], // +1 number
      [18, "status"], // probationary committee member
      [19, "phone"], // Excel scientific notation
      [20, null], // stray cell beyond the header
      [22, "phone"], // two problems on one line
      [22, "joinedOn"],
    ]);
    // line 21 is a guest with a meaningless status: not a problem
    expect(problems.some((p) => p.line === 21)).toBe(false);
  });

  it("words the reasons for the secretary, in Vietnamese, with the offending value", () => {
    const problems = problemsOf(fixture("members-bad.csv"));
    const reason = (line: number, field: string | null) =>
      problems.find((p) => p.line === line && p.field === field)!.reason;
    expect(reason(3, "fullName")).toBe("Thiếu họ và tên.");
    expect(reason(4, "email")).toContain('"not-an-email"');
    expect(reason(5, "email")).toBe('Email "an@example.vn" trùng với email ở dòng 2.');
    expect(reason(6, "phone")).toContain("từ năm 2018 số này là 0381 234 567");
    expect(reason(7, "phone")).toContain("10 chữ số");
    expect(reason(8, "role")).toContain('Chức vụ "Trưởng phòng" không được hỗ trợ');
    expect(reason(9, "status")).toContain('"Tạm thời"');
    expect(reason(10, "joinedOn")).toBe('Ngày vào Đảng "31/02/2010" không phải là một ngày có thật.');
    expect(reason(11, "joinedOn")).toContain("không đúng dạng ngày/tháng/năm");
    expect(reason(12, "leftOn")).toBe("Ngày chuyển đi (14/06/2015) trước ngày vào Đảng (15/06/2015).");
    expect(reason(13, "role")).toContain("dòng 2");
    expect(reason(17, "phone")).toContain("+84");
    expect(reason(19, "phone")).toContain("Văn bản");
    for (const p of problems) expect(p.reason).toBe(p.reason.normalize("NFC"));
  });

  it("reports a bad row even when other rows are good, and imports nothing", () => {
    const result = parseMemberCsv(Buffer.from("Họ và tên,Email\nA Văn B,a@example.vn\nC Thị D,sai email\n"));
    expect(result).toMatchObject({
      ok: false,
      problems: [{ line: 3, field: "email", reason: expect.stringContaining('"sai email"') }],
    });
    if (result.ok) throw new Error("refused");
    expect(result.problems).toHaveLength(1);
  });

  it("flags every extra secretary, pointing at the first one", () => {
    const problems = problemsOf("Họ và tên,Chức vụ\nA,Đảng viên\nB,Bí thư\nC,secretary\nD,bi thu\n");
    expect(where(problems)).toEqual([
      [4, "role"],
      [5, "role"],
    ]);
    expect(problems.every((p) => p.reason.includes("dòng 3"))).toBe(true);
  });

  it("flags a duplicate email on each later line only", () => {
    const problems = problemsOf(
      "Họ và tên,Email\nA,x@example.vn\nB,y@example.vn\nC,X@Example.VN\nD,x@example.vn\n",
    );
    expect(where(problems)).toEqual([
      [4, "email"],
      [5, "email"],
    ]);
  });

  it.each([
    ["0912345678", "0912345678"],
    ["091 234 5678", "0912345678"],
    ["0912-345-678", "0912345678"],
    ["(091) 2345678", "0912345678"],
    ["+84 912 345 678", "0912345678"],
    ["+84.38.825.1234", "0388251234"],
    ["84912345678", "0912345678"],
  ])("normalises phone %j to %j", (input, output) => {
    expect(rowsOf(`Họ và tên,Điện thoại\nA,${input}\n`)[0]!.phone).toBe(output);
  });

  it.each([
    "09123456",
    "091234567890",
    "0912 345 67x",
    "02438251234", // a landline: Zalo reaches mobiles only
    "84+912345678",
    "+84 12345",
    "+8491234567890",
  ])("refuses phone %j", (input) => {
    expect(where(problemsOf(`Họ và tên,Điện thoại\nA,"${input}"\n`))).toEqual([[2, "phone"]]);
  });

  it.each(["a@b", "a b@example.vn", "hằng@example.vn", "a@@example.vn", ".a@example.vn", "a..b@example.vn"])(
    "refuses email %j",
    (input) => {
      expect(where(problemsOf(`Họ và tên,Email\nA,${input}\n`))).toEqual([[2, "email"]]);
    },
  );

  it.each([
    "29/02/2023",
    "00/01/2020",
    "1/13/2020",
    "2020-02-30",
    "2020-2-3",
    "03.02.2020",
    "03/02/20",
    "01/01/1800",
  ])("refuses date %j", (input) => {
    expect(where(problemsOf(`Họ và tên,Ngày vào Đảng\nA,${input}\n`))).toEqual([[2, "joinedOn"]]);
  });

  it("refuses a probationary secretary, deputy or committee member but not a probationary member", () => {
    const problems = problemsOf(
      "Họ và tên,Chức vụ,Loại đảng viên\nA,Bí thư,Dự bị\nB,Phó Bí thư,Dự bị\nC,Chi ủy viên,Dự bị\nD,Đảng viên,Dự bị\n",
    );
    expect(where(problems)).toEqual([
      [2, "status"],
      [3, "status"],
      [4, "status"],
    ]);
  });
});

describe("parseMemberCsv: file and header problems", () => {
  it("refuses a Windows-1258 file and tells the secretary to save as CSV UTF-8", () => {
    const data = fixture("members-windows1258.csv");
    // "Họ" in Windows-1258 is 'H', 'o', then the combining dot-below byte 0xF2
    expect([...data.subarray(4, 7)]).toEqual([0x48, 0x6f, 0xf2]);
    const problems = problemsOf(data);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 1, field: null });
    expect(problems[0]!.reason).toContain('"CSV UTF-8');
  });

  it("gives the line of the first byte that is not UTF-8", () => {
    const data = Buffer.concat([
      Buffer.from("Họ và tên\nAn\nB"),
      Buffer.from([0xe0, 0x6e]),
      Buffer.from("\n"),
    ]);
    expect(problemsOf(data)).toEqual([{ line: 3, field: null, reason: expect.stringContaining("UTF-8") }]);
  });

  it.each([
    ["an empty file", ""],
    ["a BOM only", "\ufeff"],
    ["blank lines only", "\r\n\r\n  \r\n"],
  ])("refuses %s", (_label, text) => {
    const problems = problemsOf(text);
    expect(problems).toEqual([{ line: 1, field: null, reason: expect.stringContaining("Tệp trống") }]);
  });

  it("refuses a file with only a header", () => {
    const problems = problemsOf("\ufeffSTT;Họ và tên;Email\r\n;;\r\n\r\n");
    expect(problems).toEqual([
      { line: 1, field: null, reason: expect.stringContaining("chỉ có dòng tiêu đề") },
    ]);
  });

  it("names every unknown column, and still checks the rows", () => {
    const problems = problemsOf("Họ và tên,Quê quán,Email,Ghi chú\nA,Hà Giang,sai,\n");
    expect(where(problems)).toEqual([
      [1, null],
      [2, "email"],
    ]);
    expect(problems[0]!.reason).toContain('"Quê quán", "Ghi chú"');
  });

  it("requires a full-name column", () => {
    const problems = problemsOf("Email,Chức vụ\na@example.vn,Bí thư\n");
    expect(problems).toEqual([
      { line: 1, field: "fullName", reason: expect.stringContaining('"Họ và tên"') },
    ]);
  });

  it("refuses two columns meaning the same thing", () => {
    const problems = problemsOf("Họ và tên,Họ tên\nA,A\n");
    expect(where(problems)).toEqual([[1, "fullName"]]);
    expect(problems[0]!.reason).toContain('"Họ tên"');
  });

  it("ignores a trailing empty header column when its cells are empty, but flags data under it", () => {
    expect(rowsOf("Họ và tên;;\nA;;\n")).toHaveLength(1);
    expect(where(problemsOf("Họ và tên;;\nA;;x\nB;;\n"))).toEqual([[2, null]]);
  });

  it("reports an unclosed quote at the line where its record starts", () => {
    const problems = problemsOf('Họ và tên,Email\nA,a@example.vn\n\n"B,b@example.vn\nC,c@example.vn\n');
    expect(problems).toEqual([{ line: 4, field: null, reason: expect.stringContaining("ngoặc kép") }]);
  });
});
