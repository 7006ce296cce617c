/**
 * The one place where the pages answer what went wrong: an address that names nothing, a form that could
 * not be taken, a refusal no handler caught, a fault. A person in a browser gets a page in the site's
 * layout, in Vietnamese, with what they typed shown back; `/api` keeps its problem documents
 * (`http/errors.ts`). A form sent after the session ended gets the login form, which carries the form so
 * that it can be sent again after logging in (`sessionEnded`).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { principalFromCookieHeader } from "../auth/auth-plugin.ts";
import type { Principal } from "../auth/principal.ts";
import { type AppError, problemOf } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import { errorPage } from "./error-pages.tsx";
import { csrfOf, html, keptForm, pageOfForm, sessionEnded } from "./page-kit.ts";

/** Addresses that are not pages: the API, its documentation, calendar feeds, the health check. */
const NOT_PAGES = /^\/(api|docs|feeds|healthz)(\/|$)/;

/** Whether a request is a person's browser asking for a page (not the API, not a calendar client). */
export function isPageRequest(request: FastifyRequest): boolean {
  return !NOT_PAGES.test(request.url);
}

async function csrfOrNull(deps: AppDeps, p: Principal | null): Promise<string | null> {
  if (!p) return null;
  try {
    return await csrfOf(deps, p);
  } catch {
    return null;
  }
}

const NOT_FOUND = "Không tìm thấy trang";

/** An address that names nothing, for a person: 404 in the layout with a way home. */
export async function pageNotFound(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const deps = (request.server as unknown as { deps: AppDeps }).deps;
  // Unmatched addresses are answered at the root, where no session hook ran: the menu still needs the person.
  const p = request.principal ?? (await principalFromCookieHeader(deps, request));
  return html(reply, 404).send(
    errorPage({
      p,
      csrf: await csrfOrNull(deps, p),
      title: NOT_FOUND,
      message: "Địa chỉ này không có trang nào, hoặc trang không còn nữa. Hãy kiểm tra lại đường dẫn.",
    }),
  );
}

/** Titles by status, for what no handler of a page turned into the page itself. */
const TITLES: Record<number, string> = {
  400: "Biểu mẫu chưa được nhận",
  403: "Không có quyền",
  409: "Không thực hiện được",
  413: "Nội dung quá lớn",
  415: "Biểu mẫu chưa được nhận",
  429: "Quá nhiều lần thử",
  503: "Tạm thời chưa phục vụ được",
};

/** The pages' error handler (set on the pages' plugin, so every page route and its children use it). */
export async function pageErrorHandler(
  error: FastifyError | AppError,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const deps = (request.server as unknown as { deps: AppDeps }).deps;
  const p = request.principal;
  const problem = problemOf(error, request);
  const sent = request.method !== "GET" && request.method !== "HEAD";
  // A form whose session ended: log in again first (whatever else is wrong with it is told after).
  if (sent && !p && problem.status !== 413) return sessionEnded(request, reply);
  // A page address with a malformed id names nothing: not found, as for an id of no row.
  if (problem.status === 404 || (!sent && problem.code === "invalid_input"))
    return pageNotFound(request, reply);
  if (problem.extra.retryAfter !== undefined) reply.header("retry-after", String(problem.extra.retryAfter));
  const tooLarge = problem.status === 413;
  const message = tooLarge
    ? "Nội dung gửi lên vượt quá giới hạn của trang (1 MB). Hãy chia nhỏ, hoặc tải văn bản lên dưới dạng tệp."
    : problem.status >= 500
      ? problem.status === 503
        ? "Tạm thời không kết nối được cơ sở dữ liệu; nội dung chưa được lưu. Hãy thử lại sau ít giây."
        : "Đã có lỗi hệ thống; nội dung chưa được lưu. Hãy thử lại sau, hoặc báo cho quản trị."
      : problem.errors.length > 0
        ? problem.errors.map((e) => e.reason).join("; ")
        : problem.detail;
  return html(reply, problem.status).send(
    errorPage({
      p,
      csrf: await csrfOrNull(deps, p),
      title:
        problem.status >= 500 && problem.status !== 503
          ? "Lỗi hệ thống"
          : (TITLES[problem.status] ?? "Không thực hiện được"),
      message,
      kept: sent ? keptForm(request) : undefined,
      back: sent ? pageOfForm(request) : undefined,
    }),
  );
}
