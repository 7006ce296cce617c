/**
 * A person's own channels, from the account page: which ways their meeting reminders take (email, this
 * phone's push, Zalo — each offered only when its sender is on), and the devices subscribed to push.
 */
import { requireSelf } from "../auth/policy.ts";
import type { Principal } from "../auth/principal.ts";
import type { ChannelName } from "../channels/channel.ts";
import {
  removeSubscriptionOfUser,
  subscriptionsOfUser,
  upsertSubscription,
} from "../channels/push/push-queries.ts";
import { vapidKeys } from "../channels/push/vapid.ts";
import type { DbOrTx } from "../db/client.ts";
import {
  DEFAULT_CHANNELS,
  type MeetingReach,
  meetingReach,
  normaliseChannels,
} from "../domain/reminder-channels.ts";
import { znsPhone } from "../domain/vn-phone.ts";
import { invalid, notFound } from "../http/errors.ts";
import type { AppDeps } from "../http/types.ts";
import { choiceOfUser, phonesOfMembers, reachRowsOfMeeting, storeChoice } from "./channel-queries.ts";
import { channelsOn } from "./channel-senders.ts";

export interface Device {
  id: string;
  label: string;
  endpoint: string;
  createdAt: Date;
  lastSentAt: Date | null;
}

export interface ChannelsView {
  /** The channels this server can send by, in order (email first). */
  offered: ChannelName[];
  chosen: ChannelName[];
  devices: Device[];
  /** What the browser subscribes with (applicationServerKey); null when push is off. */
  vapidPublicKey: string | null;
  /** Offered channels this person cannot choose now, and why (Zalo without a valid mobile number). */
  unavailable: Partial<Record<ChannelName, string>>;
}

const NO_MOBILE =
  "Hồ sơ đảng viên của đồng chí chưa có số điện thoại di động hợp lệ: nhờ bí thư chi bộ ghi số (số Zalo " +
  "của đồng chí) rồi chọn lại.";

/** Offered channels that cannot reach this member (Zalo needs a mobile number in the member record). */
async function unavailableFor(db: DbOrTx, memberId: string, offered: readonly ChannelName[]) {
  const out: Partial<Record<ChannelName, string>> = {};
  if (offered.includes("zalo")) {
    const phone = (await phonesOfMembers(db, [memberId])).get(memberId);
    if (!phone || !znsPhone(phone)) out.zalo = NO_MOBILE;
  }
  return out;
}

export async function channelsOf(deps: AppDeps, p: Principal): Promise<ChannelsView | null> {
  requireSelf(p);
  // Reminders by channel are a member's (their meeting reminders); an account with no member record has none.
  if (!p.memberId) return null;
  const db = deps.database.db;
  const on = channelsOn(deps.channels);
  const offered = normaliseChannels([...on]);
  const stored = await choiceOfUser(db, p.userId);
  const chosen = normaliseChannels(stored ?? DEFAULT_CHANNELS).filter((c) => offered.includes(c));
  return {
    offered,
    chosen,
    devices: on.has("push") ? await subscriptionsOfUser(db, p.userId) : [],
    vapidPublicKey: on.has("push") ? (await vapidKeys(db)).publicKey : null,
    unavailable: await unavailableFor(db, p.memberId, offered),
  };
}

export async function setChannels(deps: AppDeps, p: Principal, input: { channels: string[] }): Promise<void> {
  requireSelf(p);
  if (!p.memberId) throw notFound("Tài khoản này không gắn với đảng viên nào");
  const offered = normaliseChannels([...channelsOn(deps.channels)]);
  const chosen = normaliseChannels(input.channels).filter((c) => offered.includes(c));
  if (chosen.length === 0) throw invalid("channels", "hãy chọn ít nhất một cách nhận nhắc lịch");
  const refused = await unavailableFor(deps.database.db, p.memberId, chosen);
  if (refused.zalo) throw invalid("zalo", refused.zalo);
  await storeChoice(deps.database.db, p.userId, chosen, deps.clock.now());
}

const B64U = /^[A-Za-z0-9_-]+$/;

/** This browser subscribes (its PushSubscription.toJSON()): one row per endpoint, now this person's. */
export async function addDevice(
  deps: AppDeps,
  p: Principal,
  input: { endpoint: string; p256dh: string; auth: string; label: string },
): Promise<void> {
  requireSelf(p);
  if (!channelsOn(deps.channels).has("push")) throw notFound("Thông báo đẩy đang tắt trên máy chủ này");
  let url: URL;
  try {
    url = new URL(input.endpoint);
  } catch {
    throw invalid("endpoint", "địa chỉ nhận thông báo không hợp lệ");
  }
  if (url.protocol !== "https:") throw invalid("endpoint", "địa chỉ nhận thông báo phải dùng https");
  // RFC 8291: an uncompressed P-256 point (65 bytes) and a 16-byte secret.
  if (!B64U.test(input.p256dh) || Buffer.from(input.p256dh, "base64url").length !== 65)
    throw invalid("p256dh", "khoá của trình duyệt không hợp lệ");
  if (!B64U.test(input.auth) || Buffer.from(input.auth, "base64url").length !== 16)
    throw invalid("auth", "khoá xác thực của trình duyệt không hợp lệ");
  const label = input.label.trim().slice(0, 80) || "Trình duyệt";
  await upsertSubscription(deps.database.db, { userId: p.userId, ...input, label, now: deps.clock.now() });
}

export async function removeDevice(deps: AppDeps, p: Principal, id: string): Promise<void> {
  requireSelf(p);
  if (!(await removeSubscriptionOfUser(deps.database.db, p.userId, id)))
    throw notFound("Không tìm thấy thiết bị này");
}

/** Which channel reached each member for a meeting, for a caller the policy already found to be its secretary
 * (or above): the meeting page reads it on its own transaction. */
export async function reachOfMeeting(db: DbOrTx, meetingId: string): Promise<MeetingReach> {
  return meetingReach(await reachRowsOfMeeting(db, meetingId));
}
