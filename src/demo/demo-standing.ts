/**
 * The demo's members out of the ordinary, as the rules count them: in the office's branch one member
 * exempted from meetings (miễn sinh hoạt, with the committee's decision) and one attending for a while from
 * another organisation (sinh hoạt tạm thời), both since the first month held, so that every filed meeting's
 * counts by category show them; and the school member who has sent word she will miss the meeting two days
 * ahead (báo vắng), which its secretary sees on the meeting page.
 */
import type { DateTime } from "luxon";
import type { App } from "../http/types.ts";
import type { Call } from "./demo-held.ts";

interface Branch {
  id: string;
  name: string;
  memberEmail: string;
}
interface Member {
  id: string;
  fullName: string;
  role: string;
  status: string;
  email: string | null;
}

export const ABSENCE_REASON = "Đi tập huấn chuyên môn tại Sở Giáo dục và Đào tạo theo giấy triệu tập.";

/** Records the office's exempted and temporary members from `from` (the first month held). */
export async function stageStandings(
  call: Call,
  admin: Record<string, string>,
  branch: { id: string; memberEmail: string },
  from: DateTime,
): Promise<void> {
  const members = await call<Member[]>("GET", `/api/branches/${branch.id}/members`, admin);
  // Ordinary full members with an email: not the secretaries, the guest, the probationary one.
  const plain = members.filter(
    (m) => m.role === "member" && m.status === "full" && m.email && m.email !== branch.memberEmail,
  );
  const [exempted, temporary] = plain.slice(-2);
  if (!exempted || !temporary) throw new Error("demo: the office has too few ordinary members");
  await call("POST", `/api/members/${exempted.id}/exemptions`, admin, {
    reason: "Tuổi cao, sức khỏe yếu; đồng chí có đơn xin miễn công tác và sinh hoạt đảng.",
    from: from.toISODate(),
    decisionRef: `Quyết định số 12-QĐ/HU ngày ${from.minus({ days: 10 }).toFormat("dd/MM/yyyy")} của Ban Thường vụ Huyện ủy`,
  });
  await call("POST", `/api/members/${temporary.id}/temporary`, admin, {
    homeOrganisation: "Chi bộ Trung tâm Y tế huyện Hoàng Su Phì (đang biệt phái về huyện Xín Mần)",
    from: from.toISODate(),
  });
}

/**
 * The school's member sends word, from the meeting page as she would, that she will miss the meeting that
 * lies within three days; sent again on every run (the meeting is re-planned to two days ahead). Returns the
 * meeting's id.
 */
export async function stageAbsence(
  app: App,
  call: Call,
  admin: Record<string, string>,
  login: (email: string) => Promise<{ authorization: string }>,
  school: Branch,
  today: DateTime,
): Promise<string> {
  const range = `from=${today.toISODate()}&to=${today.plus({ days: 3 }).toISODate()}`;
  const plan = await call<{ id: string; status: string }[]>(
    "GET",
    `/api/branches/${school.id}/plan?${range}`,
    admin,
  );
  const soon = plan.find((m) => m.status === "planned");
  if (!soon) throw new Error(`demo: ${school.name} has no meeting within three days`);
  const headers = await login(school.memberEmail);
  const res = await app.inject({
    method: "POST",
    url: `/cuoc-hop/${soon.id}/bao-vang`,
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams({ reason: ABSENCE_REASON }).toString(),
  });
  if (res.statusCode !== 303) throw new Error(`demo: báo vắng → ${res.statusCode} ${res.body.slice(0, 300)}`);
  return soon.id;
}
