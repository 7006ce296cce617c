import { Type } from "typebox";
import { requireUser } from "../auth/principal.ts";
import { PeakInput } from "../campaigns/campaign-schemas.ts";
import { addPeak, deletePeak, updatePeak } from "../campaigns/catalogue-service.ts";
import { setSchedule } from "../campaigns/schedule-service.ts";
import type { App } from "../http/types.ts";
import { planCampaign } from "../plan/plan-service.ts";
import { campaignFormKit } from "./campaign-form-kit.ts";
import { backTo, CampaignParams, Id, num, PeakParams, readPageForm, Text } from "./committee-page-kit.ts";

export function campaignPageRoutes(app: App) {
  const { deps } = app;
  const tags = ["web"];
  const { campaignsAgain, campaignForm, campaignAction } = campaignFormKit(deps);

  const DONE: Record<string, string> = {
    "chu-de": "Đã lưu chủ đề của tháng.",
    "tao-dot": "Đã tạo đợt học tập. Hãy thêm chủ đề vào danh mục, rồi lập kế hoạch.",
    "sao-chep": "Đã sao chép đợt học tập cho thời gian mới.",
    "them-chu-de": "Đã thêm chủ đề vào cuối danh mục.",
    "sua-chu-de": "Đã lưu chủ đề.",
    "thu-tu": "Đã đổi thứ tự danh mục.",
    "them-ngay": "Đã thêm ngày kỷ niệm.",
    "sua-ngay": "Đã lưu ngày kỷ niệm.",
    "xoa-ngay": "Đã xóa ngày kỷ niệm.",
    "them-han": "Đã thêm hạn báo cáo.",
    "sua-han": "Đã lưu hạn báo cáo.",
    "xoa-han": "Đã xóa hạn báo cáo.",
    "them-su-kien": "Đã thêm sự kiện.",
    "sua-su-kien": "Đã lưu sự kiện.",
    "xoa-su-kien": "Đã xóa sự kiện.",
    "sua-dot": "Đã lưu đợt học tập.",
    "bo-chu-de": "Đã bỏ chủ đề khỏi danh mục.",
  };

  app.get(
    "/cap-uy/:id/dot-hoc-tap",
    {
      schema: {
        tags,
        summary: "Các đợt học tập của cấp ủy: chủ đề từng tháng, ngày kỷ niệm, hạn báo cáo (HTML)",
        params: Id,
        querystring: Type.Object({
          dot: Text(40),
          xong: Text(40),
          kh: Text(60),
          hoc: Text(8),
          bo: Text(8),
          tach: Text(8),
        }),
      },
    },
    async (request, reply) => {
      const p = requireUser(request);
      const q = request.query;
      const said = [q.xong ? DONE[q.xong] : undefined];
      const count = (s: string | undefined) => (s && /^[1-9]\d{0,6}$/.test(s) ? s : null);
      if (count(q.hoc)) said.push(`${q.hoc} buổi đã học chủ đề này vẫn ghi chủ đề trong biên bản.`);
      if (count(q.tach)) {
        said.push(
          `${q.tach} buổi sắp tới của các tháng bỏ ra vẫn là buổi sinh hoạt của chi bộ, không còn thuộc đợt.`,
        );
      }
      const plan = q.kh?.match(/^(\d+)-(\d+)-(\d+)-(\d+)-(\d+)$/);
      if (plan) {
        const [, branches, months, created, updated, kept] = plan;
        said.push(
          `Đã ${q.xong ? "lập lại" : "lập"} kế hoạch cho ${branches} chi bộ × ${months} tháng: ${created} buổi mới, ${updated} buổi cập nhật, ${kept} buổi giữ nguyên.`,
        );
      }
      if (count(q.bo))
        said.push(`${q.bo} buổi sắp tới do bí thư sửa chưa có chủ đề: bí thư chọn chủ đề khác.`);
      const done = said.filter(Boolean).join(" ") || undefined;
      return campaignsAgain(
        reply,
        p,
        { committeeId: request.params.id, campaignId: q.dot || undefined },
        { done },
      );
    },
  );

  app.post(
    "/cap-uy/:id/dot-hoc-tap/:campaignId/chu-de",
    {
      schema: {
        tags,
        summary: "Ấn định (hoặc bỏ ấn định) chủ đề của một tháng (HTML)",
        params: CampaignParams,
        body: Type.Object({ month: Text(7), code: Text(40), _csrf: Text(200) }),
      },
    },
    async (request, reply) => {
      const p = requireUser(request);
      const { id, campaignId } = request.params;
      const { month = "", code = "" } = request.body;
      return campaignForm(
        reply,
        p,
        { committeeId: id, campaignId },
        {
          form: "schedule",
          values: { month, code },
          read: { ok: true, value: { [month]: code || null } },
          // The API names the month's entry ("months.2026-12"): its reason says whether the code or the month.
          rename: (f, err) =>
            f.startsWith("months.") || f === "months"
              ? /chủ đề/.test(err.errors[0]?.reason ?? "")
                ? "code"
                : "month"
              : f,
          onTop: (status) => status !== 400,
          write: async (months) => {
            await setSchedule(deps, p, { campaignId, months });
            return backTo(id, campaignId, "xong=chu-de", "lich");
          },
        },
      );
    },
  );

  const PeakForm = Type.Object({
    day: Text(4),
    month: Text(4),
    baseYear: Text(6),
    name: Text(300),
    _csrf: Text(200),
  });
  type PeakFormBody = { day?: string; month?: string; baseYear?: string; name?: string };

  /** A peak's form, new or (with `peakId`) one of the campaign's: the API's peak input, checked by its schema. */
  function peakChange(
    request: { params: { id: string; campaignId: string; peakId?: string }; body: PeakFormBody },
    reply: Parameters<typeof campaignForm>[0],
    p: Parameters<typeof campaignForm>[1],
  ) {
    const { id, campaignId, peakId } = request.params;
    const { day, month, baseYear, name } = request.body;
    const input = {
      day: num(day),
      month: num(month),
      baseYear: num(baseYear),
      name: name ?? "",
      committeeId: id,
    };
    return campaignForm(
      reply,
      p,
      { committeeId: id, campaignId },
      {
        form: peakId ? `peak-${peakId}` : "peak-new",
        values: { day, month, baseYear, name },
        read: readPageForm(PeakInput, input),
        write: async (fields) => {
          if (peakId) await updatePeak(deps, p, { campaignId, peakId, fields });
          else await addPeak(deps, p, { campaignId, fields });
          return backTo(id, campaignId, peakId ? "xong=sua-ngay" : "xong=them-ngay", "cao-diem");
        },
      },
    );
  }

  app.post(
    "/cap-uy/:id/dot-hoc-tap/:campaignId/ngay-ky-niem",
    {
      schema: {
        tags,
        summary: "Thêm ngày kỷ niệm của địa phương (HTML)",
        params: CampaignParams,
        body: PeakForm,
      },
    },
    async (request, reply) => {
      const p = requireUser(request);
      return peakChange(request, reply, p);
    },
  );

  app.post(
    "/cap-uy/:id/dot-hoc-tap/:campaignId/ngay-ky-niem/:peakId",
    {
      schema: { tags, summary: "Sửa ngày kỷ niệm của địa phương (HTML)", params: PeakParams, body: PeakForm },
    },
    async (request, reply) => {
      const p = requireUser(request);
      return peakChange(request, reply, p);
    },
  );

  app.post(
    "/cap-uy/:id/dot-hoc-tap/:campaignId/ngay-ky-niem/:peakId/xoa",
    {
      schema: {
        tags,
        summary: "Xóa ngày kỷ niệm của địa phương (HTML)",
        params: PeakParams,
        body: Type.Optional(Type.Object({ _csrf: Text(200) })),
      },
    },
    async (request, reply) => {
      const p = requireUser(request);
      const { id, campaignId, peakId } = request.params;
      return campaignAction(reply, p, { committeeId: id, campaignId }, async () => {
        await deletePeak(deps, p, { campaignId, peakId });
        return backTo(id, campaignId, "xong=xoa-ngay", "cao-diem");
      });
    },
  );

  app.post(
    "/cap-uy/:id/dot-hoc-tap/:campaignId/lap-ke-hoach",
    {
      schema: {
        tags,
        summary: "Lập kế hoạch sinh hoạt cho mọi chi bộ trực thuộc (HTML)",
        params: CampaignParams,
        body: Type.Optional(Type.Object({ _csrf: Text(200) })),
      },
    },
    async (request, reply) => {
      const p = requireUser(request);
      const { id, campaignId } = request.params;
      return campaignAction(reply, p, { committeeId: id, campaignId }, async () => {
        const r = await planCampaign(deps, p, { campaignId });
        const kh = [r.branches, r.months, r.created, r.updated, r.untouched].join("-");
        return backTo(id, campaignId, `kh=${kh}`, "camp-title");
      });
    },
  );
}
