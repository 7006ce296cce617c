/**
 * A small organisation for minutes and reports tests: committees, branches and members through the API,
 * campaigns, topics and meetings as rows (the planning service makes meetings in production).
 */
import { createUser } from "../../src/auth/users-service.ts";
import { campaigns, meetings, peakDates, topics } from "../../src/db/schema.ts";
import type { TestApp } from "../helpers/app.ts";
import { regionOfBranch } from "../helpers/region.ts";

export const PASSWORD = "mat-khau-dai-du";

export function fixtures(t: TestApp) {
  const { app, admin, database } = t;
  const db = database.db;

  async function post(url: string, payload: unknown, headers = admin) {
    const res = await app.inject({ method: "POST", url, payload: payload as object, headers });
    if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  }

  return {
    post,
    async committee(name: string, parentId?: string): Promise<string> {
      return (await post("/api/committees", { name, parentId: parentId ?? null })).id;
    },
    async branch(committeeId: string, name: string): Promise<string> {
      return (await post(`/api/committees/${committeeId}/branches`, { name })).id;
    },
    async member(
      branchId: string,
      fullName: string,
      opts: { joinedOn?: string; leftOn?: string; role?: string } = {},
    ): Promise<string> {
      const m = await post(`/api/branches/${branchId}/members`, {
        fullName,
        joinedOn: opts.joinedOn ?? "2015-01-01",
        ...(opts.role ? { role: opts.role } : {}),
      });
      if (opts.leftOn) await post(`/api/members/${m.id}/leave`, { leftOn: opts.leftOn });
      return m.id;
    },
    async campaign(
      committeeId: string,
      opts: {
        quorum?: string;
        minutesDueDays?: number;
        topics?: number;
        title?: string;
        firstMonth?: string;
        lastMonth?: string;
      } = {},
    ): Promise<{ id: string; topicIds: string[] }> {
      const [c] = await db
        .insert(campaigns)
        .values({
          committeeId,
          title: opts.title ?? "Đợt sinh hoạt chính trị, tư tưởng",
          bookTitle: "Kiên quyết, kiên trì đấu tranh phòng, chống tham nhũng, tiêu cực",
          firstMonth: opts.firstMonth ?? "2025-01-01",
          lastMonth: opts.lastMonth ?? "2026-12-01",
          ...(opts.quorum ? { quorum: opts.quorum } : {}),
          ...(opts.minutesDueDays !== undefined ? { minutesDueDays: opts.minutesDueDays } : {}),
        })
        .returning({ id: campaigns.id });
      const rows = await db
        .insert(topics)
        .values(
          Array.from({ length: opts.topics ?? 4 }, (_, i) => ({
            campaignId: c!.id,
            position: i + 1,
            code: `CĐ${i + 1}`,
            part: 1,
            title: `Chuyên đề ${i + 1}: phòng, chống tham nhũng, tiêu cực`,
          })),
        )
        .returning({ id: topics.id });
      return { id: c!.id, topicIds: rows.map((r) => r.id) };
    },
    async peak(
      campaignId: string,
      day: number,
      month: number,
      baseYear: number,
      name: string,
      committeeId?: string,
    ) {
      await db
        .insert(peakDates)
        .values({ campaignId, day, month, baseYear, name, committeeId: committeeId ?? null });
    },
    async meeting(
      branchId: string,
      date: string,
      opts: {
        campaignId?: string | null;
        topicId?: string | null;
        status?: "planned" | "cancelled" | "held";
        kind?: "regular" | "thematic" | "combined";
      } = {},
    ): Promise<string> {
      const [m] = await db
        .insert(meetings)
        .values({
          branchId,
          regionId: regionOfBranch(branchId),
          campaignId: opts.campaignId ?? null,
          month: `${date.slice(0, 7)}-01`,
          date,
          startAt: new Date(`${date}T07:00:00Z`),
          endAt: new Date(`${date}T09:00:00Z`),
          topicId: opts.topicId ?? null,
          status: opts.status ?? "planned",
          kind: opts.kind ?? "regular",
        })
        .returning({ id: meetings.id });
      return m!.id;
    },
    async user(
      role: "officer" | "secretary" | "member",
      email: string,
      scope: { committeeId?: string; branchId?: string; memberId?: string },
    ) {
      await createUser(db, { email, password: PASSWORD, displayName: email.split("@")[0]!, role, ...scope });
      return t.login(email, PASSWORD);
    },
  };
}
