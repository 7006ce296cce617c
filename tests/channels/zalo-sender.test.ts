/**
 * The Zalo channel against a Zalo of the tests' own (tests/channels/zns-server.ts): each documented answer
 * has its behaviour — sent, retried, sent by email instead, or failed and shown to the secretary — and the
 * OA's tokens are refreshed once however many instances ask, and kept encrypted.
 */
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { type ZaloReminder, zaloSender } from "../../src/channels/zalo/zalo-sender.ts";
import { ConfigError, loadConfig } from "../../src/config.ts";
import { buildTestApp } from "../helpers/app.ts";
import { FIRST_REFRESH, startZnsServer, TEMPLATE_ID } from "./zns-server.ts";

const zalo = await startZnsServer();
afterAll(() => zalo.close());
const one = await buildTestApp({ now: "2026-05-01T02:00:00Z", env: zalo.env });
const sender = zaloSender(one.app.deps);

const reminder = (over: Partial<ZaloReminder> = {}): ZaloReminder => ({
  trackingId: "6f1c2a4e-0000-4000-8000-000000000001",
  recipientName: "Nguyễn Thị Hồng Nhung",
  phone: "0912345678",
  meetingDate: "2026-05-05",
  meetingTime: "14:00",
  place: "Hội trường UBND phường Bến Nghé",
  meetingUrl: "https://chibo.test/buoi-sinh-hoat/abc",
  ...over,
});

beforeEach(() => {
  zalo.state.answers.clear();
  zalo.state.sends.length = 0;
});

describe("a reminder sent by Zalo", () => {
  it("reaches ZNS as a template message: name, date, time and place, the link only for the button", async () => {
    const out = await sender.send(reminder());
    expect(out).toEqual({ kind: "sent", providerId: expect.stringMatching(/^msg-/) });
    const call = zalo.state.sends.at(-1)!;
    expect(call.body).toEqual({
      phone: "84912345678",
      template_id: TEMPLATE_ID,
      tracking_id: "6f1c2a4e-0000-4000-8000-000000000001",
      template_data: {
        name: "Nguyễn Thị Hồng Nhung",
        date: "05/05/2026",
        time: "14:00",
        place: "Hội trường UBND phường Bến Nghé",
        meeting_url: "https://chibo.test/buoi-sinh-hoat/abc",
      },
    });
  });

  it("never puts a link in the text: an online place becomes “Trực tuyến”", async () => {
    await sender.send(reminder({ place: "https://meet.example.vn/chibo-5" }));
    const data = zalo.state.sends.at(-1)!.body.template_data;
    expect(data.place).toBe("Trực tuyến");
    for (const [k, v] of Object.entries(data))
      if (k !== "meeting_url") expect(v).not.toMatch(/https?:|www\./);
  });

  it("fails on a template error, with a reason the secretary can pass on", async () => {
    zalo.state.answers.set("84912345678", { body: { error: -112, message: "Template data invalid" } });
    const out = await sender.send(reminder());
    expect(out.kind).toBe("failed");
    if (out.kind === "failed") expect(out.reason).toMatch(/mẫu tin ZNS.*-112/);
  });

  it("is retried later when the OA is out of quota", async () => {
    zalo.state.answers.set("84912345678", { body: { error: -115, message: "Out of quota" } });
    const out = await sender.send(reminder());
    expect(out).toMatchObject({ kind: "retry", afterSeconds: 3600 });
  });

  it("is retried when Zalo fails (HTTP 500) or asks to slow down (429 with Retry-After)", async () => {
    zalo.state.answers.set("84912345678", { status: 500, body: { error: -100, message: "Unknown error" } });
    expect((await sender.send(reminder())).kind).toBe("retry");
    zalo.state.answers.set("84912345678", { status: 429, headers: { "retry-after": "30" }, body: {} });
    expect(await sender.send(reminder())).toMatchObject({ kind: "retry", afterSeconds: 30 });
  });

  it("waits for the morning when the template may not be sent at night", async () => {
    one.clock.set("2026-05-01T16:30:00Z"); // 23:30 in Vietnam
    zalo.state.answers.set("84912345678", { body: { error: -133, message: "Not allowed at night" } });
    const out = await sender.send(reminder());
    one.clock.set("2026-05-01T02:00:00Z");
    expect(out).toMatchObject({ kind: "retry", afterSeconds: 6.5 * 3600 });
  });

  it("falls back to email when the phone number does not use Zalo", async () => {
    zalo.state.answers.set("84912345678", { body: { error: -118, message: "Zalo account not existed" } });
    const out = await sender.send(reminder());
    expect(out.kind).toBe("fallback");
    if (out.kind === "fallback") expect(out.reason).toMatch(/không dùng Zalo/);
  });

  it("falls back to email without asking Zalo when the member has no mobile number", async () => {
    const before = zalo.state.sends.length;
    expect((await sender.send(reminder({ phone: "024 3825 3825" }))).kind).toBe("fallback");
    expect(zalo.state.sends.length).toBe(before);
  });

  it("refreshes an access token Zalo calls invalid, and sends once more", async () => {
    await sender.send(reminder());
    const refreshes = zalo.state.refreshes;
    zalo.state.expireAccess();
    zalo.state.sends.length = 0;
    const out = await sender.send(reminder());
    expect(out.kind).toBe("sent");
    expect(zalo.state.refreshes).toBe(refreshes + 1);
    expect(zalo.state.sends.map((s) => s.accessToken === zalo.state.sends[0]!.accessToken)).toEqual([
      true,
      false,
    ]);
  });

  it("refreshes the access token an hour before it expires, not after", async () => {
    await sender.send(reminder());
    const refreshes = zalo.state.refreshes;
    one.clock.advance(23 * 3600_000); // the token Zalo gave lives 25 hours
    await sender.send(reminder());
    expect(zalo.state.refreshes).toBe(refreshes);
    one.clock.advance(1.5 * 3600_000);
    zalo.state.sends.length = 0;
    await sender.send(reminder());
    expect(zalo.state.refreshes).toBe(refreshes + 1);
    expect(zalo.state.sends).toHaveLength(1); // refreshed first: Zalo never saw an old token
  });

  it("keeps the tokens encrypted in PostgreSQL", async () => {
    await sender.send(reminder());
    const used = zalo.state.sends.at(-1)!.accessToken!;
    const { rows } = await one.database.pool.query("select * from zalo_tokens");
    const stored = JSON.stringify(rows);
    expect(rows).toHaveLength(1);
    expect(stored).not.toContain(used);
    expect(stored).not.toContain("refresh-");
    expect(stored).not.toContain(FIRST_REFRESH);
    expect(rows[0].access_token).toMatch(/^v1\./);
  });
});

describe("two instances", () => {
  it("refresh the OA's token once when both need it at the same moment", async () => {
    // Two instances share the wall clock: `one`'s has been moved by the tests above (a day on), and a second
    // instance a day behind would rightly find the token it did not refresh due for refreshing.
    const two = await buildTestApp({
      now: one.clock.now().toISOString(),
      env: zalo.env,
      database: one.database,
    });
    const senderTwo = zaloSender(two.app.deps);
    await sender.send(reminder()); // the token row exists: only its lock can keep the two apart
    zalo.state.expireAccess();
    await one.database.pool.query("update zalo_tokens set access_expires_at = now() - interval '1 minute'");
    zalo.state.refreshDelayMs = 300;
    const refreshes = zalo.state.refreshes;
    const outs = await Promise.all([sender.send(reminder()), senderTwo.send(reminder({ trackingId: "b" }))]);
    zalo.state.refreshDelayMs = 0;
    expect(outs.map((o) => o.kind)).toEqual(["sent", "sent"]);
    expect(zalo.state.refreshes).toBe(refreshes + 1);
  });
});

describe("a refresh token Zalo refuses", () => {
  it("sends by email instead, says why, and starts over from a new ZALO_REFRESH_TOKEN", async () => {
    zalo.state.expireAccess();
    zalo.state.voidRefresh();
    await one.database.pool.query("update zalo_tokens set access_expires_at = now() - interval '1 minute'");
    const out = await sender.send(reminder());
    expect(out.kind).toBe("fallback");
    const { rows } = await one.database.pool.query("select last_error from zalo_tokens");
    expect(rows[0].last_error).toMatch(/-14014/);

    zalo.state.setRefresh("refresh-token-moi-tu-oa");
    const three = await buildTestApp({
      env: { ...zalo.env, ZALO_REFRESH_TOKEN: "refresh-token-moi-tu-oa" },
      database: one.database,
    });
    expect((await zaloSender(three.app.deps).send(reminder())).kind).toBe("sent");
  });
});

describe("without configuration", () => {
  it("the channel is off and every message goes by email", async () => {
    const off = zaloSender({ ...one.app.deps, config: loadConfig({}) });
    expect(off.enabled).toBe(false);
    expect((await off.send(reminder())).kind).toBe("fallback");
  });

  it("half a configuration stops the start, naming what is missing", () => {
    expect(() => loadConfig({ ZALO_APP_ID: "123", ZALO_SECRET_KEY: "s" })).toThrow(ConfigError);
    expect(() => loadConfig({ ZALO_APP_ID: "123", ZALO_SECRET_KEY: "s" })).toThrow(/ZALO_REFRESH_TOKEN/);
  });
});
