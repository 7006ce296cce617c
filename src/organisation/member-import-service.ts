/**
 * Importing a branch's member list from the CSV its secretary keeps in Excel. All or nothing: a file
 * with any bad row, or any email already used in the branch, imports nothing and reports every problem
 * by line (as `errors` and, with the line as a number, as the problem's `problems`).
 */
import { requireBranch } from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import { civilToday } from "../domain/civil-date.ts";
import { appError, invalidMany } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import { type CsvProblem, parseMemberCsv } from "./member-csv.ts";
import { activeEmailsOfBranch, insertMembers } from "./organisation-queries.ts";

function refused(problems: CsvProblem[]) {
  return invalidMany(
    `Tệp có ${problems.length} lỗi; chưa nhập người nào`,
    problems.map((x) => ({ field: `line ${x.line}${x.field ? `.${x.field}` : ""}`, reason: x.reason })),
    { problems },
  );
}

/** The request body is the file's bytes (Content-Type text/csv); anything else is refused with 415. */
export async function importMembers(deps: AppDeps, p: Principal, input: { branchId: string; data: unknown }) {
  const { db } = deps.database;
  const { branchId, data } = input;
  const branch = await requireBranch(db, p, branchId, "secretary");
  if (!Buffer.isBuffer(data)) {
    throw appError("unsupported_media_type", "Gửi nội dung tệp CSV với Content-Type: text/csv");
  }
  const parsed = parseMemberCsv(data, civilToday(deps.clock.now(), branch.timezone));
  const inserted = await db.transaction(async (tx) => {
    // Every problem of the file at once: its own, and its emails already in the branch.
    const taken = await activeEmailsOfBranch(tx, branchId);
    const clashes: CsvProblem[] = (parsed.rows ?? [])
      .filter((r) => r.email && !r.leftOn && taken.has(r.email))
      .map((r) => ({
        line: r.line,
        field: "email",
        reason: `Email ${r.email} đã có trong danh sách chi bộ.`,
      }));
    const problems = [...(parsed.ok ? [] : parsed.problems), ...clashes].sort((a, b) => a.line - b.line);
    if (!parsed.ok || problems.length) throw refused(problems);
    return insertMembers(
      tx,
      parsed.rows.map(({ line: _line, ...row }) => ({ branchId, regionId: branch.regionId, ...row })),
    );
  });
  return { imported: inserted.length, members: inserted };
}
