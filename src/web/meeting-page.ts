/**
 * The page a feed event or an email links to. Signed in (session cookie) and in reach: the meeting in
 * Vietnamese. Otherwise a small login form, so that a member tapping the link on a phone gets there.
 */
import { Type } from "typebox";
import { meetingDescription, meetingSummary } from "../domain/meeting-text.ts";
import { AppError } from "../http/errors.ts";
import type { App } from "../http/types.ts";
import { getMeeting } from "../plan/meeting-service.ts";
import type { MeetingRecord } from "../plan/meeting-view.ts";
import { type UnreachedRecipient, unreachedOfMeeting } from "../reminders/reminder-service.ts";
import { escapeHtml, page } from "./html.ts";

const LOGIN_SCRIPT = `document.getElementById('f').addEventListener('submit',async e=>{e.preventDefault();
const r=await fetch('/api/auth/login',{method:'POST',headers:{'content-type':'application/json'},credentials:'same-origin',
body:JSON.stringify({email:e.target.email.value,password:e.target.password.value})});
if(r.ok)location.reload();else document.getElementById('m').textContent=(await r.json()).detail||'Không đăng nhập được';});`;

/** The "Gửi lại" button: re-queues the meeting's failed messages through the API (JSON, same origin). */
const requeueScript = (url: string) => `document.getElementById('rq').addEventListener('click',async e=>{
e.target.disabled=true;const m=document.getElementById('rqm');
const r=await fetch(${JSON.stringify(url)},{method:'POST',headers:{'content-type':'application/json'},credentials:'same-origin',body:'{}'});
const b=await r.json().catch(()=>({}));
if(r.ok)m.textContent='Đã xếp '+b.requeued+' thư vào hàng đợi để gửi lại.';else{m.textContent=b.detail||'Không gửi lại được';e.target.disabled=false;}});`;

/** Who the meeting's mail did not reach, with the reasons and the button (the secretary and above). */
function unreachedSection(meetingId: string, list: UnreachedRecipient[]): string {
  if (list.length === 0) return "";
  const items = list
    .map(
      (u) =>
        `<li>${escapeHtml(u.recipientName ?? u.toEmail ?? "")}${u.toEmail ? ` (${escapeHtml(u.toEmail)})` : ""}: ` +
        `${escapeHtml(u.reason)}${u.lastResponse ? ` <span class="muted">— ${escapeHtml(u.lastResponse)}</span>` : ""}</li>`,
    )
    .join("");
  return `<section class="unreached"><h2>Chưa gửi được tới: ${escapeHtml(list.map((u) => u.recipientName ?? u.toEmail).join(", "))}</h2>
<ul>${items}</ul><button id="rq" type="button">Gửi lại</button><p id="rqm" class="muted" role="status"></p>
<script>${requeueScript(`/api/meetings/${meetingId}/messages/requeue`)}</script></section>`;
}

/** The unreached list when the caller is the meeting's secretary or above; null for a member. */
async function unreachedFor(
  deps: App["deps"],
  p: Parameters<typeof unreachedOfMeeting>[1],
  meetingId: string,
) {
  try {
    return await unreachedOfMeeting(deps, p, { meetingId });
  } catch (err) {
    if (err instanceof AppError && (err.status === 403 || err.status === 404)) return null;
    throw err;
  }
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function webRoutes(app: App) {
  const { deps } = app;
  app.get(
    "/meetings/:id",
    {
      schema: {
        tags: ["web"],
        summary: "Trang một buổi sinh hoạt (HTML), đích của liên kết trong lịch và email",
        params: Type.Object({ id: Type.String() }),
        produces: ["text/html"],
      },
    },
    async (request, reply) => {
      reply.type("text/html; charset=utf-8").header("cache-control", "private, no-store");
      const p = request.principal;
      if (!p) {
        return page(
          "Đăng nhập – chibo",
          `<h1>Đăng nhập để xem buổi sinh hoạt</h1>
<form id="f"><label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required>
<label for="password">Mật khẩu</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Đăng nhập</button><p id="m" class="muted" role="alert"></p></form>
<script>${LOGIN_SCRIPT}</script>`,
        );
      }
      const id = request.params.id;
      // The same service as GET /api/meetings/:id, so the page and the API agree on who sees what.
      let r: MeetingRecord | null = null;
      try {
        if (UUID_RE.test(id)) r = await getMeeting(deps, p, { id });
      } catch (err) {
        if (!(err instanceof AppError && err.status === 404)) throw err;
      }
      if (!r) {
        reply.code(404);
        return page("Không tìm thấy – chibo", "<h1>Không tìm thấy buổi sinh hoạt</h1>");
      }
      const v = { ...r.view, pageUrl: null };
      const unreached = await unreachedFor(deps, p, id);
      return page(
        `${meetingSummary(v)} – chibo`,
        `${v.status === "cancelled" ? `<p class="cancelled">Buổi sinh hoạt đã bị hủy${v.cancelReason ? `: ${escapeHtml(v.cancelReason)}` : ""}</p>` : ""}
${v.peak ? `<p class="peak">${escapeHtml(v.peak.text.charAt(0).toUpperCase() + v.peak.text.slice(1))}${v.peak.round ? " (năm chẵn)" : ""}</p>` : ""}
<h1>${escapeHtml(meetingSummary(v))}</h1>
<pre>${escapeHtml(meetingDescription(v))}</pre>
<p class="muted">Phiên bản ${r.revision} · cập nhật ${escapeHtml(r.updatedAt.toISOString())}</p>
${unreached ? unreachedSection(id, unreached) : ""}`,
      );
    },
  );
}
