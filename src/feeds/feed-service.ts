/**
 * Calendar feeds: the subscription tokens (created, listed, rotated, revoked by their owner) and, for the
 * anonymous feed URL, what a token resolves to.
 *
 * Serving is built around a version key: one small SQL query (`feedTokenState`) resolves the token and
 * aggregates everything the feed's bytes depend on. Equal keys mean equal bytes, so a conditional request
 * is answered without rendering and a rendered feed can be cached. The instance remembers what each
 * token resolved to until a change notification says otherwise (`FeedLive`): an unchanged feed costs
 * no database round trip at all.
 */

import { createHmac, randomUUID } from "node:crypto";
import { namedKey } from "../auth/named-keys.ts";
import { requireBranch, requireCommittee, requireMember, requireSelf } from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import { tokenHash } from "../auth/secrets.ts";
import type { DbOrTx } from "../db/client.ts";
import { forbidden, invalid, notFound } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import type { FeedLive } from "./feed-live.ts";
import {
  type FeedKind,
  type FeedState,
  type FeedSubscription,
  type FeedTokenValues,
  feedTokenState,
  feedTokensOfUser,
  feedWindow,
  insertFeedToken,
  lockFeedVersion,
  memberLeftOn,
  revokeFeedToken,
  rotateFeedToken,
} from "./feed-queries.ts";
import { renderFeed } from "./feed-render.ts";

export interface FeedLinks {
  httpsUrl: string;
  webcalUrl: string;
}

export function feedLinks(publicUrl: string, token: string): FeedLinks {
  const httpsUrl = `${publicUrl}/feeds/${token}.ics`;
  return { httpsUrl, webcalUrl: httpsUrl.replace(/^https?:\/\//, "webcal://") };
}

/**
 * A subscription's link token: HMAC-SHA256 under a server key kept in PostgreSQL (the same for every
 * instance) over its id and version. Only the token's hash is stored, yet its owner's page can show the link
 * on every visit; a new link is a new version, and the old token no longer matches the stored hash.
 */
async function linkToken(db: DbOrTx, id: string, version: number): Promise<string> {
  const key = await namedKey(db, "feed-links");
  return createHmac("sha256", key).update(`feed:${id}:${version}`).digest("base64url");
}

/** The links of one of the caller's subscriptions, or null for one made before links could be shown again. */
export async function linksOf(deps: AppDeps, sub: FeedSubscription): Promise<FeedLinks | null> {
  if (sub.version < 1) return null;
  return feedLinks(deps.config.publicUrl, await linkToken(deps.database.db, sub.id, sub.version));
}

export interface NewFeed {
  kind: FeedKind;
  branchId?: string;
  memberId?: string;
  committeeId?: string;
}

/**
 * The caller's own subscription to something in their reach: a member subscribes to their own member
 * feed or their branch's feed; a secretary to their branch's feed, which then carries the report
 * deadlines; officers (and admins) to committees and branches below them. Anything else is not found.
 * The links (with the secret) are shown this once.
 */
export async function createFeed(
  deps: AppDeps,
  p: Principal,
  input: NewFeed,
): Promise<FeedSubscription & FeedLinks> {
  const { db } = deps.database;
  let values: FeedTokenValues;
  if (input.kind === "branch") {
    if (!input.branchId) throw notFound("Không tìm thấy chi bộ");
    const b = await requireBranch(db, p, input.branchId, "member");
    values = {
      kind: "branch",
      regionId: b.regionId,
      userId: p.userId,
      branchId: b.id,
      // A member's or secretary's subscription follows their member record: it stops when they leave.
      memberId: b.level !== "committee" ? p.memberId : null,
      committeeId: null,
      withDeadlines: b.level !== "member",
    };
  } else if (input.kind === "member") {
    // No memberId: the caller's own member feed.
    const memberId = input.memberId ?? p.memberId;
    if (!memberId)
      throw invalid("body.memberId", "tài khoản này không gắn với đảng viên nào; hãy ghi memberId");
    // Out of reach: not found. In sight: a member feed is its member's own, while they are in the branch.
    const member = await requireMember(db, p, memberId, "read");
    const leftOn = await memberLeftOn(db, memberId);
    if (leftOn === undefined || memberId !== p.memberId || leftOn !== null)
      throw forbidden("Chỉ đăng ký được lịch của chính mình khi đang sinh hoạt tại chi bộ");
    values = {
      kind: "member",
      regionId: member.regionId,
      userId: p.userId,
      branchId: null,
      memberId,
      committeeId: null,
      withDeadlines: false,
    };
  } else {
    if (!input.committeeId) throw notFound("Không tìm thấy cấp ủy");
    const c = await requireCommittee(db, p, input.committeeId, "read");
    values = {
      kind: "committee",
      regionId: c.regionId,
      userId: p.userId,
      branchId: null,
      memberId: null,
      committeeId: c.id,
      withDeadlines: false,
    };
  }
  const id = randomUUID();
  const token = await linkToken(db, id, 1);
  const sub = await insertFeedToken(db, { ...values, id, version: 1 }, token, deps.clock.now());
  return { ...sub, ...feedLinks(deps.config.publicUrl, token) };
}

/** The caller's own subscriptions still in use (without their secrets). */
export async function listFeeds(deps: AppDeps, p: Principal): Promise<FeedSubscription[]> {
  requireSelf(p);
  return feedTokensOfUser(deps.database.db, p.userId);
}

/** A new secret for the same subscription; the old link stops with this statement. */
export async function rotateFeed(
  deps: AppDeps,
  p: Principal,
  input: { id: string },
): Promise<FeedSubscription & FeedLinks> {
  requireSelf(p);
  const made = await deps.database.db.transaction(async (tx) => {
    const current = await lockFeedVersion(tx, input.id, p.userId);
    if (current === null) return null;
    const link = { version: current + 1, token: await linkToken(deps.database.db, input.id, current + 1) };
    const sub = await rotateFeedToken(tx, input.id, p.userId, link, deps.clock.now());
    return sub && { sub, token: link.token };
  });
  if (!made) throw notFound("Không tìm thấy đường dẫn lịch");
  return { ...made.sub, ...feedLinks(deps.config.publicUrl, made.token) };
}

export async function revokeFeed(deps: AppDeps, p: Principal, input: { id: string }): Promise<void> {
  requireSelf(p);
  if (!(await revokeFeedToken(deps.database.db, input.id, p.userId, deps.clock.now())))
    throw notFound("Không tìm thấy đường dẫn lịch");
}

const TOKEN_RE = /^[A-Za-z0-9_-]{22,128}$/;

/** "2026-03-09T18:15": the quarter hour (UTC) an instant falls in. */
function quarterHour(now: Date): string {
  return new Date(Math.floor(now.getTime() / 900_000) * 900_000).toISOString().slice(0, 16);
}

/** Anonymous: the feed behind a link (the token is the secret) and its version, or null when the link
 * does not (or no longer) work. */
export async function resolveFeed(deps: AppDeps, live: FeedLive, token: string): Promise<FeedState | null> {
  if (!TOKEN_RE.test(token)) return null;
  const win = feedWindow(deps.clock.now());
  const hash = tokenHash(token);
  // Kept per quarter of an hour (UTC), not per UTC day: every zone's midnight falls on a quarter hour, so a
  // departure takes effect at the start of the branch's own day (01:00 in Viet Nam is still UTC's day before).
  const period = quarterHour(win.now);
  return live.resolve(hash, period, () => feedTokenState(deps.database.pool, hash, win));
}

/** The bytes of a resolved feed. */
export function feedBytes(deps: AppDeps, state: FeedState): Promise<Buffer> {
  return renderFeed(deps.database.db, deps.config.publicUrl, state);
}
