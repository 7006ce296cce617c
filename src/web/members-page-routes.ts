/**
 * The members pages: `/chi-bo/:branchId/dang-vien` (the roll, add, CSV import) and
 * `/chi-bo/:branchId/dang-vien/:memberId` (edit, mark as left). Plain HTML forms; each handler calls the
 * organisation services, which decide reach as for the API (another branch: 404; a member: refused).
 */
import multipart from "@fastify/multipart";
import type { FastifyReply } from "fastify";
import { Type } from "typebox";
import type { Principal } from "../auth/principal.ts";
import { requireUser } from "../auth/principal.ts";
import { isCivilDate } from "../domain/civil-date.ts";
import type { App } from "../http/types.ts";
import { importMembers } from "../organisation/member-import-service.ts";
import { addMember, markLeft, updateMember } from "../organisation/member-service.ts";
import { memberOfBranch, membersView } from "../organisation/members-page-service.ts";
import { MemberInput } from "../organisation/organisation-schemas.ts";
import { readForm } from "./forms.ts";
import {
  type CsvRefusal,
  DONE_NOTICES,
  type FieldErrors,
  type MemberFormValues,
  memberPage,
  membersPage,
  membersPaths,
  problemPage,
} from "./members-pages.tsx";
import { csrfOf, doneKey, fieldErrorsOf, html, isRefusal, orRefused, UUID_RE } from "./page-kit.ts";

/** The same ceiling as the API's CSV import. */
const MAX_CSV_BYTES = 8 * 1024 * 1024;

const BranchParams = Type.Object({ branchId: Type.String({ maxLength: 64 }) });
const MemberParams = Type.Object({
  branchId: Type.String({ maxLength: 64 }),
  memberId: Type.String({ maxLength: 64 }),
});
const Done = Type.Object({ xong: Type.Optional(Type.String({ maxLength: 20 })) });
const FormText = Type.Optional(Type.String({ maxLength: 300 }));
const MemberForm = Type.Object({
  fullName: FormText,
  email: FormText,
  phone: FormText,
  role: FormText,
  status: FormText,
  joinedOn: FormText,
});
const LeaveForm = Type.Object({ leftOn: FormText });

/** Why a field of the member form does not fit the API's schema (MemberInput), in Vietnamese. */
const SHAPE_REASON: Record<string, string> = {
  fullName: "Hãy nhập họ và tên (tối đa 200 ký tự).",
  email: "Không phải địa chỉ email (ví dụ: ten@example.vn).",
  phone:
    "Số điện thoại di động gồm 10 chữ số (ví dụ 0912 345 678), có thể có dấu cách, dấu chấm hoặc +84 ở đầu.",
  role: "Hãy chọn một chức vụ trong danh sách.",
  status: "Hãy chọn chính thức hoặc dự bị.",
  joinedOn: "Ngày không hợp lệ.",
};

/** The typed form as the API's member body: empty optional fields are null. */
function memberInputOf(v: MemberFormValues) {
  const opt = (s: string | undefined) => (s?.trim() ? s.trim() : null);
  return {
    fullName: (v.fullName ?? "").trim(),
    email: opt(v.email),
    phone: opt(v.phone),
    role: (v.role || "member") as "member",
    status: (v.status || "full") as "full",
    joinedOn: opt(v.joinedOn),
  };
}

/** The fields that break the API's own schema, with their reasons (the same schema, not a second rule). */
function shapeErrors(input: ReturnType<typeof memberInputOf>): FieldErrors {
  const read = readForm(MemberInput, input, { reasons: SHAPE_REASON, reword: () => "Giá trị không hợp lệ." });
  return read.ok ? {} : read.errors;
}

/** A reason as the page shows it, next to its field: with a capital. */
const capital = (reason: string) => `${reason.charAt(0).toUpperCase()}${reason.slice(1)}`;

/**
 * A member form: the API's schema first, then `save`; null when saved, else the reasons by field. A
 * refusal that names no field (out of reach, not allowed) is thrown on, for `guarded`.
 */
async function memberSaved(
  values: MemberFormValues,
  save: (input: ReturnType<typeof memberInputOf>) => Promise<unknown>,
): Promise<FieldErrors | null> {
  const input = memberInputOf(values);
  const errors = shapeErrors(input);
  if (Object.keys(errors).length) return errors;
  try {
    await save(input);
    return null;
  } catch (err) {
    const fields = isRefusal(err) ? fieldErrorsOf(err, { reason: capital }) : {};
    if (Object.keys(fields).length === 0) throw err;
    return fields;
  }
}

export async function membersPages(app: App) {
  const { deps } = app;
  const tags = ["web"];

  await app.register(multipart, { limits: { fileSize: MAX_CSV_BYTES, files: 1, fields: 5, parts: 6 } });

  /** Out of reach or not allowed: the page in the layout with its status (404 or 403). */
  async function problem(reply: FastifyReply, p: Principal, status: 403 | 404) {
    const message =
      status === 404
        ? "Không tìm thấy chi bộ hay đảng viên này."
        : "Trang này dành cho bí thư chi bộ và cấp ủy cấp trên.";
    return html(reply, status).send(problemPage(p, await csrfOf(deps, p), status, message));
  }

  /** Runs a page handler, turning a refusal of reach (403/404) into a page. */
  async function guarded(reply: FastifyReply, p: Principal, ids: string[], run: () => Promise<unknown>) {
    if (!ids.every((id) => UUID_RE.test(id))) return problem(reply, p, 404);
    return orRefused(run, (err) => problem(reply, p, err.status === 403 ? 403 : 404), [403, 404]);
  }

  app.get(
    "/chi-bo/:branchId/dang-vien",
    {
      schema: {
        tags,
        summary: "Danh sách đảng viên của chi bộ (HTML)",
        params: BranchParams,
        querystring: Done,
      },
    },
    async (request, reply) => {
      const p = requireUser(request);
      const { branchId } = request.params;
      return guarded(reply, p, [branchId], async () => {
        const view = await membersView(deps, p, branchId);
        const done = doneKey(DONE_NOTICES, request.query.xong);
        return html(reply).send(membersPage(p, await csrfOf(deps, p), view, { done }));
      });
    },
  );

  app.post(
    "/chi-bo/:branchId/dang-vien/them",
    { schema: { tags, summary: "Thêm đảng viên (HTML)", params: BranchParams, body: MemberForm } },
    async (request, reply) => {
      const p = requireUser(request);
      const { branchId } = request.params;
      return guarded(reply, p, [branchId], async () => {
        const values = request.body;
        const errors = await memberSaved(values, (input) => addMember(deps, p, { ...input, branchId }));
        if (!errors) return reply.redirect(`${membersPaths.list(branchId)}?xong=them`, 303);
        const view = await membersView(deps, p, branchId);
        return html(reply, 400).send(membersPage(p, await csrfOf(deps, p), view, { values, errors }));
      });
    },
  );

  app.post(
    "/chi-bo/:branchId/dang-vien/nhap",
    {
      schema: {
        tags,
        summary:
          "Nhập danh sách đảng viên từ tệp CSV (HTML, multipart/form-data); lỗi một dòng thì không nhập gì",
        params: BranchParams,
        consumes: ["multipart/form-data"],
      },
    },
    async (request, reply) => {
      const p = requireUser(request);
      const { branchId } = request.params;
      return guarded(reply, p, [branchId], async () => {
        let data: Buffer | null = null;
        let message: string | null = null;
        let problems: CsvRefusal[] = [];
        try {
          // Reach first, as the API's import does, before reading the file.
          await membersView(deps, p, branchId);
          if (request.isMultipart()) {
            const file = await request.file();
            data = file ? await file.toBuffer() : null;
          }
        } catch (err) {
          if (isRefusal(err)) throw err;
          const e = err as { code?: string };
          if (e.code !== "FST_REQ_FILE_TOO_LARGE") throw err;
          message = "Tệp CSV lớn hơn 8 MB; chưa nhập người nào. Hãy chia danh sách thành nhiều tệp.";
        }
        if (!message && (!data || data.length === 0)) message = "Hãy chọn một tệp CSV để nhập.";
        if (!message) {
          try {
            const r = await importMembers(deps, p, { branchId, data });
            return reply.redirect(`${membersPaths.list(branchId)}?xong=nhap&n=${r.imported}`, 303);
          } catch (err) {
            if (!isRefusal(err) || err.status === 403 || err.status === 404) throw err;
            message = err.message;
            problems = ((err.extra as { problems?: CsvRefusal[] }).problems ?? []).map((x) => ({
              line: x.line,
              field: x.field,
              reason: x.reason,
            }));
          }
        }
        const view = await membersView(deps, p, branchId);
        return html(reply, 400).send(
          membersPage(p, await csrfOf(deps, p), view, { importMessage: message!, importProblems: problems }),
        );
      });
    },
  );

  app.get(
    "/chi-bo/:branchId/dang-vien/:memberId",
    {
      schema: {
        tags,
        summary: "Một đảng viên: sửa, ghi nhận chuyển đi (HTML)",
        params: MemberParams,
        querystring: Done,
      },
    },
    async (request, reply) => {
      const p = requireUser(request);
      const { branchId, memberId } = request.params;
      return guarded(reply, p, [branchId, memberId], async () => {
        const { view, member } = await memberOfBranch(deps, p, { branchId, memberId });
        const done = doneKey(DONE_NOTICES, request.query.xong);
        return html(reply).send(memberPage(p, await csrfOf(deps, p), view, member, { done }));
      });
    },
  );

  app.post(
    "/chi-bo/:branchId/dang-vien/:memberId",
    { schema: { tags, summary: "Sửa thông tin đảng viên (HTML)", params: MemberParams, body: MemberForm } },
    async (request, reply) => {
      const p = requireUser(request);
      const { branchId, memberId } = request.params;
      return guarded(reply, p, [branchId, memberId], async () => {
        const { view, member } = await memberOfBranch(deps, p, { branchId, memberId });
        const values = request.body;
        const errors = await memberSaved(values, (input) =>
          updateMember(deps, p, { ...input, id: memberId }),
        );
        if (!errors) return reply.redirect(`${membersPaths.member(branchId, memberId)}?xong=sua`, 303);
        return html(reply, 400).send(memberPage(p, await csrfOf(deps, p), view, member, { values, errors }));
      });
    },
  );

  app.post(
    "/chi-bo/:branchId/dang-vien/:memberId/chuyen-di",
    {
      schema: { tags, summary: "Ghi nhận đảng viên chuyển đi (HTML)", params: MemberParams, body: LeaveForm },
    },
    async (request, reply) => {
      const p = requireUser(request);
      const { branchId, memberId } = request.params;
      return guarded(reply, p, [branchId, memberId], async () => {
        const { view, member } = await memberOfBranch(deps, p, { branchId, memberId });
        const leftOn = (request.body.leftOn ?? "").trim();
        let error: string;
        if (!isCivilDate(leftOn)) {
          error = "Hãy chọn ngày chuyển đi.";
        } else {
          try {
            await markLeft(deps, p, { id: memberId, leftOn });
            return reply.redirect(`${membersPaths.list(branchId)}?xong=chuyen-di`, 303);
          } catch (err) {
            if (!isRefusal(err) || err.status === 403 || err.status === 404) throw err;
            error = fieldErrorsOf(err, { reason: capital }).leftOn ?? err.message;
          }
        }
        return html(reply, 400).send(
          memberPage(p, await csrfOf(deps, p), view, member, { leftOn, errors: { leftOn: error } }),
        );
      });
    },
  );
}
