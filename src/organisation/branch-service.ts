/**
 * Branches (chi bộ): where and how they meet. Entry points take the caller and check reach first;
 * committee reach edits everything, a secretary how and where their own branch meets.
 */
import { IANAZone } from "luxon";
import { branchReachSql, requireBranch, requireCommittee } from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import { DEFAULT_MEETING_RULE } from "../db/schema.ts";
import { HOME_ZONE } from "../domain/civil-date.ts";
import { type MeetingRule, validateRule } from "../domain/meeting-rule.ts";
import { forbidden, invalid, invalidMany, notFound } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import { nfc } from "./normalise.ts";
import { branchById, branchesInReach, insertBranch, updateBranchRow } from "./organisation-queries.ts";

export interface BranchInput {
  name?: string;
  timezone?: string;
  meetingRule?: MeetingRule;
  place?: string | null;
  onlineUrl?: string | null;
  committeeId?: string;
}

function checkTimezone(tz: string, field = "body.timezone") {
  if (!IANAZone.isValidZone(tz)) throw invalid(field, `"${tz}" không phải múi giờ IANA hợp lệ`);
}

function checkRule(rule: MeetingRule) {
  const problems = validateRule(rule);
  if (problems.length) {
    throw invalidMany(
      "Quy tắc họp không hợp lệ",
      problems.map((x) => ({ field: `body.meetingRule.${x.field}`, reason: x.reason })),
    );
  }
}

export async function createBranch(
  deps: AppDeps,
  p: Principal,
  input: BranchInput & { committeeId: string; name: string },
) {
  const { db } = deps.database;
  const committee = await requireCommittee(db, p, input.committeeId, "manage");
  if (input.timezone) checkTimezone(input.timezone);
  if (input.meetingRule) checkRule(input.meetingRule);
  return insertBranch(db, {
    committeeId: input.committeeId,
    regionId: committee.regionId,
    name: nfc(input.name),
    timezone: input.timezone ?? HOME_ZONE,
    meetingRule: input.meetingRule ?? DEFAULT_MEETING_RULE,
    place: input.place ? nfc(input.place) : null,
    onlineUrl: input.onlineUrl ?? null,
  });
}

/** The branches the caller reaches; with `committeeId`, only those under that committee (any depth). */
export async function listBranches(deps: AppDeps, p: Principal, input: { committeeId?: string } = {}) {
  const { db } = deps.database;
  if (input.committeeId) await requireCommittee(db, p, input.committeeId, "read");
  return branchesInReach(db, branchReachSql(p), input.committeeId);
}

export async function getBranch(deps: AppDeps, p: Principal, input: { id: string }) {
  const { db } = deps.database;
  await requireBranch(db, p, input.id, "member");
  const branch = await branchById(db, input.id);
  if (!branch) throw notFound("Không tìm thấy chi bộ");
  return branch;
}

export async function updateBranch(deps: AppDeps, p: Principal, input: BranchInput & { id: string }) {
  const { db } = deps.database;
  const b = await requireBranch(db, p, input.id, "secretary");
  if (
    b.level !== "committee" &&
    (input.name !== undefined || input.committeeId !== undefined || input.timezone !== undefined)
  ) {
    throw forbidden("Bí thư chi bộ chỉ sửa được quy tắc, địa điểm và đường dẫn họp trực tuyến");
  }
  if (input.timezone) checkTimezone(input.timezone);
  if (input.meetingRule) checkRule(input.meetingRule);
  // Another committee may be in another region: the branch's rows follow it (ON UPDATE CASCADE).
  const moveTo = input.committeeId ? await requireCommittee(db, p, input.committeeId, "manage") : null;
  return updateBranchRow(db, input.id, {
    ...(input.name !== undefined ? { name: nfc(input.name) } : {}),
    ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
    ...(input.meetingRule !== undefined ? { meetingRule: input.meetingRule } : {}),
    ...(input.place !== undefined ? { place: input.place === null ? null : nfc(input.place) } : {}),
    ...(input.onlineUrl !== undefined ? { onlineUrl: input.onlineUrl } : {}),
    ...(moveTo ? { committeeId: moveTo.id, regionId: moveTo.regionId } : {}),
  });
}

/** A branch for its settings form: the branch, and whether the caller may also rename it and change its
 * zone (`updateBranch`'s rule: committee reach) or only how and where it meets (its secretary). */
export async function branchSettings(deps: AppDeps, p: Principal, input: { id: string }) {
  const { db } = deps.database;
  const b = await requireBranch(db, p, input.id, "secretary");
  const branch = await branchById(db, input.id);
  if (!branch) throw notFound("Không tìm thấy chi bộ");
  return { branch, full: b.level === "committee" };
}
