/**
 * The meeting page and its forms: `/cuoc-hop/:id` (PATHS.meeting) and `/cuoc-hop/:id/in-bien-ban`
 * (PATHS.minutesForm). Every form is a plain POST that works without JavaScript and calls the same service
 * as the API; success redirects (303) back to the page, a refusal shows the page again with what was typed
 * and the reason next to the field. Reach is the services': another branch's meeting is not found, a member
 * posting a secretary's form is refused.
 */
import multipart from "@fastify/multipart";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { type Principal, requireUser } from "../auth/principal.ts";
import { AppError, notFound as notFoundError } from "../http/errors.ts";
import type { App } from "../http/types.ts";
import { sendAbsence, withdrawAbsence } from "../minutes/absence-service.ts";
import type { AttendanceStatus } from "../minutes/attendance-service.ts";
import { putAttendance } from "../minutes/attendance-service.ts";
import { contentDisposition, MAX_FILE_BYTES } from "../minutes/file-check.ts";
import { type IncomingFile, removeFileOfMinutes, storeFiles } from "../minutes/files-service.ts";
import { meetingPageFreshness } from "../minutes/meeting-page-freshness.ts";
import { meetingPageOf } from "../minutes/meeting-page-service.ts";
import { minutesDocumentOf } from "../minutes/minutes-document-service.ts";
import { minutesDocx } from "../minutes/minutes-docx.ts";
import { saveMinutes, submitMinutes } from "../minutes/minutes-service.ts";
import { minutesSheet } from "../minutes/minutes-sheet.ts";
import {
  addMakeupMeeting,
  cancelMeeting,
  changeTopic,
  moveMeeting,
  setMeetingKind,
  uncancelMeeting,
} from "../plan/meeting-service.ts";
import { CancelBody, MakeupBody } from "../plan/plan-schemas.ts";
import { rateHeldMeeting } from "../ratings/ratings-service.ts";
import { readForm } from "./forms.ts";
import { PATHS } from "./layout.tsx";
import {
  type Body,
  FormProblem,
  MoveForm,
  minutesFormInput,
  readMeetingForm,
  text,
  textField,
  VOTE_FIELDS,
} from "./meeting-form-fields.ts";
import type { FormState } from "./meeting-form-kit.tsx";
import { meetingPage, notFoundPage, refusedPage } from "./meeting-pages.tsx";
import { minutesPrintPage } from "./minutes-print-page.tsx";
import { keptOrRendered, pageKey } from "./page-cache.ts";
import { csrfOf, fieldErrorsOf, html, orRefused, refusalOf, UUID_RE } from "./page-kit.ts";

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const STATUSES = new Set(["present", "absent_excused", "absent_unexcused"]);

const Params = Type.Object({ id: Type.String({ maxLength: 64 }) });
/** A page form's fields: names and values as the browser sends them (the handlers check each). */
const FormBody = Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 300_000 }));

/** A rating's points as the API takes them (`PUT /api/meetings/:id/rating`). */
const RatingPoints = Type.Record(Type.String({ maxLength: 60 }), Type.Integer({ minimum: 0, maximum: 1000 }));

export async function meetingPages(app: App) {
  const { deps } = app;
  const tags = ["web"];
  // Minutes are long prose: this module's forms may carry up to 1 MB (the pages' default is 16 KB).
  app.removeContentTypeParser("application/x-www-form-urlencoded");
  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string", bodyLimit: 1_048_576 },
    (_r, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  // The upload form without JavaScript posts multipart, streamed to the database as the API does.
  await app.register(multipart, {
    throwFileSizeLimit: true,
    limits: { fileSize: MAX_FILE_BYTES, files: 10, fields: 10, parts: 20 },
  });

  /** No such meeting, or not in reach: 404. */
  async function notFound(reply: FastifyReply, p: Principal, csrf?: string) {
    return html(reply, 404).send(notFoundPage(p, csrf ?? (await csrfOf(deps, p))));
  }

  /** A refusal of the meeting itself: not found (404) or not allowed (403, its message and a way back). */
  async function refused(reply: FastifyReply, p: Principal, id: string, err: AppError, csrf?: string) {
    if (err.status === 404) return notFound(reply, p, csrf);
    return html(reply, 403).send(refusedPage(p, csrf ?? (await csrfOf(deps, p)), err.message, id));
  }

  /** The page again, with a refused form: status 4xx. */
  async function showPage(
    _request: FastifyRequest,
    reply: FastifyReply,
    p: Principal,
    id: string,
    opts: { status?: number; done?: string; state?: FormState } = {},
  ) {
    const csrf = await csrfOf(deps, p);
    if (!UUID_RE.test(id)) return notFound(reply, p, csrf);
    return orRefused(
      async () => {
        const d = await meetingPageOf(deps, p, id);
        return html(reply, opts.status ?? 200).send(
          meetingPage({ p, d, csrf, done: opts.done, state: opts.state }),
        );
      },
      () => notFound(reply, p, csrf),
      [404],
    );
  }

  /**
   * One form: runs the service call; on success back to the page (or `to`), on refusal the page again
   * with the reason next to the field (`fieldOf` turns an API field like "date" into the form's).
   */
  function form(
    path: string,
    name: string,
    summary: string,
    run: (p: Principal, id: string, body: Body) => Promise<string | undefined>,
    fieldOf: (apiField: string, body: Body) => string = (f) => f,
  ) {
    app.post(
      `/cuoc-hop/:id/${path}`,
      { schema: { tags, summary, params: Params, body: FormBody } },
      async (request, reply) => {
        const p = requireUser(request);
        const { id } = request.params;
        const body = (request.body ?? {}) as Body;
        if (!UUID_RE.test(id)) return notFound(reply, p);
        try {
          const to = await run(p, id, body);
          return reply.redirect(to ?? `${PATHS.meeting(id)}?xong=${name}`, 303);
        } catch (err) {
          if (err instanceof FormProblem) {
            const state = { form: name, values: body, errors: err.errors, message: "" };
            return showPage(request, reply, p, id, { status: 400, state });
          }
          const refusal = refusalOf(err);
          if (refusal.status === 404 || refusal.status === 403) return refused(reply, p, id, refusal);
          const dayOff = refusal.code === "day_off_unconfirmed" ? refusal.extra.dayOff : undefined;
          if (dayOff) {
            // Not an error of the form: a question, asked inside it, with everything typed kept.
            const confirm = { date: dayOff.date, text: refusal.errors[0]?.reason ?? refusal.message };
            const state = { form: name, values: body, errors: {}, message: "", confirm };
            return showPage(request, reply, p, id, { status: refusal.status, state });
          }
          const errors = fieldErrorsOf(refusal, { field: (f) => fieldOf(f, body) });
          const state = { form: name, values: body, errors, message: refusal.message };
          return showPage(request, reply, p, id, { status: refusal.status, state });
        }
      },
    );
  }

  /** The meeting's minutes as a document (printed, Word): the meeting out of reach is not found or refused. */
  async function minutesDocument(
    reply: FastifyReply,
    p: Principal,
    id: string,
    send: (doc: Awaited<ReturnType<typeof minutesDocumentOf>>) => Promise<unknown>,
  ) {
    if (!UUID_RE.test(id)) return notFound(reply, p);
    return orRefused(
      async () => send(await minutesDocumentOf(deps, p, id)),
      (err) => refused(reply, p, id, err),
      [403, 404],
    );
  }

  app.get(
    "/cuoc-hop/:id",
    {
      schema: {
        tags,
        summary:
          "Trang buổi sinh hoạt (HTML); bí thư có thêm các biểu mẫu: dời, hủy, họp bù, điểm danh, biên bản",
        params: Params,
        querystring: Type.Object({ xong: Type.Optional(Type.String({ maxLength: 20 })) }),
      },
    },
    async (request, reply) => {
      const p = requireUser(request);
      const { id } = request.params;
      const done = request.query.xong;
      if (!UUID_RE.test(id)) return notFound(reply, p);
      // Answered again from this instance's memory until what it shows changes (src/web/page-cache.ts).
      const now = deps.clock.now();
      return orRefused(
        () =>
          keptOrRendered(reply, pageKey("meeting", [id, done], p), p, now, async () => {
            const d = await meetingPageOf(deps, p, id);
            const csrf = await csrfOf(deps, p);
            return { html: meetingPage({ p, d, csrf, done }), freshness: meetingPageFreshness(d, p, now) };
          }),
        () => notFound(reply, p),
        [404],
      );
    },
  );

  app.get(
    "/cuoc-hop/:id/in-bien-ban",
    {
      schema: {
        tags,
        summary: "Biên bản in khổ A4 (tối đa 2 trang): theo bản đã nộp, hoặc mẫu để trống khi chưa nộp",
        params: Params,
      },
    },
    async (request, reply) =>
      minutesDocument(reply, requireUser(request), request.params.id, async (doc) =>
        html(reply).send(
          minutesPrintPage({
            meetingId: request.params.id,
            sheet: minutesSheet(doc),
            filled: doc.minutes !== null,
          }),
        ),
      ),
  );

  app.get(
    "/cuoc-hop/:id/bien-ban.docx",
    {
      schema: {
        tags,
        summary: "Biên bản dạng Word (.docx), cùng nội dung bản in: để lưu trữ và sửa trong Word",
        params: Params,
      },
    },
    async (request, reply) =>
      minutesDocument(reply, requireUser(request), request.params.id, async (doc) => {
        const v = doc.record.view;
        const name = `Biên bản ${v.branchName} tháng ${v.month.slice(5, 7)}-${v.month.slice(0, 4)}.docx`;
        return reply
          .header("content-type", DOCX)
          .header("content-disposition", contentDisposition(name))
          .header("cache-control", "private, no-store")
          .send(await minutesDocx(minutesSheet(doc)));
      }),
  );

  /** The secretary confirmed this very date as a day off (a date typed anew is asked about again). */
  const confirmed = (b: Body, date: string | undefined) => !!date && text(b, "confirmDayOff") === date;

  form("doi-lich", "move", "Dời lịch buổi sinh hoạt (HTML)", async (p, id, b) => {
    const v = readMeetingForm(MoveForm, b);
    await moveMeeting(deps, p, { id, ...v, confirmDayOff: confirmed(b, v.date) });
    return undefined;
  });

  form("huy", "cancel", "Hủy buổi sinh hoạt (HTML)", async (p, id, b) => {
    const read = readForm(
      CancelBody,
      { reason: text(b, "reason") },
      { reasons: { reason: "Hãy ghi lý do (ít nhất 3 ký tự)." } },
    );
    if (!read.ok) throw new FormProblem(read.errors);
    await cancelMeeting(deps, p, { id, ...read.value });
    return undefined;
  });

  form("khoi-phuc", "uncancel", "Khôi phục buổi sinh hoạt đã hủy (HTML)", async (p, id) => {
    await uncancelMeeting(deps, p, { id });
    return undefined;
  });

  form("chuyen-de", "topic", "Đổi chuyên đề (HTML)", async (p, id, b) => {
    const topicId = text(b, "topicId");
    if (!UUID_RE.test(topicId)) throw new FormProblem("topicId", "Hãy chọn chuyên đề.");
    await changeTopic(deps, p, { id, topicId });
    return undefined;
  });

  form("loai", "kind", "Đặt loại buổi sinh hoạt: thường kỳ, chuyên đề, kết hợp (HTML)", async (p, id, b) => {
    const kind = text(b, "kind");
    if (kind !== "regular" && kind !== "thematic" && kind !== "combined")
      throw new FormProblem("kind", "Hãy chọn loại buổi sinh hoạt.");
    await setMeetingKind(deps, p, { id, kind });
    return undefined;
  });

  // Points: `p_<criterion key>`, read with the API's own bounds; the scheme's maxima are the service's rule.
  form(
    "xep-loai",
    "rating",
    "Chấm điểm, xếp loại buổi sinh hoạt đã diễn ra (HTML)",
    async (p, id, b) => {
      const typed = Object.fromEntries(
        Object.keys(b)
          .filter((k) => k.startsWith("p_") && k.length > 2)
          .map((k) => {
            const v = text(b, k);
            return [k.slice(2), /^\d+$/.test(v) ? Number(v) : v];
          })
          .filter(([, v]) => v !== ""),
      );
      const read = readForm(RatingPoints, typed, { reword: () => "Hãy nhập số nguyên từ 0." });
      if (!read.ok) {
        const [k, reason] = Object.entries(read.errors)[0]!;
        throw new FormProblem(`p_${k}`, reason);
      }
      await rateHeldMeeting(deps, p, { meetingId: id, points: read.value });
      return `${PATHS.meeting(id)}?xong=rating#xep-loai`;
    },
    (f) => (f.startsWith("points.") ? `p_${f.slice(7)}` : f),
  );

  form("hop-bu", "makeup", "Thêm buổi họp bù (HTML)", async (p, id, b) => {
    const v = readMeetingForm(MakeupBody, b);
    const r = await addMakeupMeeting(deps, p, { id, ...v, confirmDayOff: confirmed(b, v.date) });
    return `${PATHS.meeting(r.view.id)}?xong=makeup`;
  });

  // A member's word before the meeting that they will be absent, and taking it back.
  form("bao-vang", "absence", "Báo vắng trước buổi sinh hoạt, kèm lý do (HTML)", async (p, id, b) => {
    await sendAbsence(deps, p, { meetingId: id, reason: b.reason ?? "" });
    return `${PATHS.meeting(id)}?xong=absence#bao-vang`;
  });
  form("rut-bao-vang", "absence", "Rút lại báo vắng (HTML)", async (p, id) => {
    await withdrawAbsence(deps, p, { meetingId: id });
    return `${PATHS.meeting(id)}?xong=absence-withdrawn#bao-vang`;
  });

  // Attendance: `s_<memberId>` a status, `r_<memberId>` a reason; guests `g_<i>` with `gp_<i>` ticked when
  // present, and one new guest `g_new`/`gp_new`.
  const attendanceOrder = (b: Body) =>
    Object.keys(b)
      .filter((k) => k.startsWith("s_") && UUID_RE.test(k.slice(2)))
      .map((k) => k.slice(2));
  form(
    "diem-danh",
    "attendance",
    "Ghi điểm danh (HTML)",
    async (p, id, b) => {
      const members = attendanceOrder(b).map((memberId) => {
        const status = b[`s_${memberId}`] ?? "";
        if (!STATUSES.has(status)) throw new FormProblem(`s_${memberId}`, "Hãy chọn một trong ba ô.");
        const reason = textField(b, `r_${memberId}`, 500);
        return {
          memberId,
          status: status as AttendanceStatus,
          reason: status === "absent_excused" ? reason : null,
        };
      });
      const guests: { name: string; present: boolean }[] = [];
      for (const k of Object.keys(b)) {
        const m = /^g_(\d+|new)$/.exec(k);
        if (!m) continue;
        const name = textField(b, k, 200);
        if (name) guests.push({ name, present: b[`gp_${m[1]}`] === "1" });
      }
      await putAttendance(deps, p, { meetingId: id, members, guests });
      return `${PATHS.meeting(id)}?xong=attendance#diem-danh`;
    },
    (f, b) => {
      const m = /^members\.(\d+)\.(\w+)$/.exec(f);
      if (!m) return f;
      const memberId = attendanceOrder(b)[Number(m[1])];
      return m[2] === "reason" ? `r_${memberId}` : `s_${memberId}`;
    },
  );

  form(
    "bien-ban",
    "minutes",
    "Lưu (và nộp) biên bản (HTML)",
    async (p, id, b) => {
      await saveMinutes(deps, p, { meetingId: id, ...minutesFormInput(b) });
      if (b.then === "submit") {
        await submitMinutes(deps, p, { meetingId: id });
        return `${PATHS.meeting(id)}?xong=submit#bien-ban`;
      }
      return `${PATHS.meeting(id)}?xong=minutes#bien-ban`;
    },
    // The vote's sum is refused on its first count: shown next to the three counts.
    (f) => (f.startsWith("resolution.") ? (VOTE_FIELDS[f.slice(11)] ?? "voteAgree") : f),
  );

  form("xoa-tep", "file", "Xóa một tệp tải lên nhầm, trước khi nộp biên bản (HTML)", async (p, id, b) => {
    const fileId = text(b, "fileId");
    if (!UUID_RE.test(fileId)) throw notFoundError("Không tìm thấy tệp");
    await removeFileOfMinutes(deps, p, { meetingId: id, fileId });
    return `${PATHS.meeting(id)}?xong=file-removed#tep`;
  });

  app.post(
    "/cuoc-hop/:id/tep",
    {
      schema: {
        tags,
        summary: "Tải tệp biên bản lên bằng biểu mẫu (HTML, multipart/form-data)",
        consumes: ["multipart/form-data"],
        params: Params,
      },
    },
    async (request, reply) => {
      const p = requireUser(request);
      const { id } = request.params;
      if (!UUID_RE.test(id)) return notFound(reply, p);
      async function* receive(): AsyncGenerator<IncomingFile> {
        for await (const part of request.parts()) {
          if (part.type !== "file") continue;
          if (!part.filename) {
            part.file.resume();
            continue;
          }
          yield { fileName: part.filename, content: part.file };
        }
      }
      try {
        const stored = await storeFiles(deps, p, { meetingId: id, receive });
        if (stored.length === 0) throw new FormProblem("file", "Hãy chọn ít nhất một tệp.");
        return reply.redirect(`${PATHS.meeting(id)}?xong=file#tep`, 303);
      } catch (err) {
        const known = err instanceof FormProblem || (err instanceof AppError && err.status < 500);
        if (!known) {
          const code = (err as { code?: string }).code ?? "";
          if (!code.startsWith("FST_")) throw err;
        }
        if (err instanceof AppError && (err.status === 404 || err.status === 403))
          return refused(reply, p, id, err);
        const message =
          err instanceof FormProblem || err instanceof AppError
            ? err.message
            : "Tệp quá lớn hoặc tải lên không trọn vẹn; chưa lưu tệp nào.";
        const status = err instanceof AppError ? err.status : 400;
        return showPage(request, reply, p, id, {
          status,
          state: { form: "file", values: {}, errors: {}, message },
        });
      }
    },
  );
}
