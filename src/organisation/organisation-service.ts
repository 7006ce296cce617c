/**
 * The organisation capability's entry points live in `committee-service.ts`, `branch-service.ts`,
 * `member-service.ts` and `member-import-service.ts`; its reads and writes in `organisation-queries.ts`.
 */
import type { DbOrTx } from "../db/client.ts";
import { notFound } from "../http/errors.ts";
import { memberById } from "./organisation-queries.ts";

/**
 * A member record by id, with no caller to check: for callers that have taken the reach decision
 * themselves (the member's plan, after `requireMember`). 404 when there is none.
 */
export async function getMember(db: DbOrTx, id: string) {
  const row = await memberById(db, id);
  if (!row) throw notFound("Không tìm thấy đảng viên");
  return row;
}
