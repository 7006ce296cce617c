/**
 * The administrator's organisation page says whether Zalo is on: off with the variables to set, or on with
 * the OA's token dates and the last refusal — never a token.
 */
import { afterAll, describe, expect, it } from "vitest";
import { zaloSender } from "../../src/channels/zalo/zalo-sender.ts";
import { ADMIN, buildTestApp, type TestApp } from "../helpers/app.ts";
import { startZnsServer } from "./zns-server.ts";

const zalo = await startZnsServer();
afterAll(() => zalo.close());
const off = await buildTestApp();
const on = await buildTestApp({ now: "2026-05-01T02:00:00Z", env: zalo.env });

async function pageOf(t: TestApp) {
  const login = await t.app.inject({ method: "POST", url: "/api/auth/login", payload: ADMIN });
  const c = login.cookies.find((x) => x.name === "chibo_session")!;
  const res = await t.app.inject({ url: "/to-chuc", headers: { cookie: `${c.name}=${c.value}` } });
  expect(res.statusCode).toBe(200);
  return res.body;
}

describe("the Zalo card on the admin page", () => {
  it("says the channel is off and what to set", async () => {
    const body = await pageOf(off);
    expect(body).toContain("Nhắc lịch qua Zalo");
    expect(body).toContain("Đang tắt.");
    for (const v of ["ZALO_APP_ID", "ZALO_SECRET_KEY", "ZALO_REFRESH_TOKEN", "ZALO_TEMPLATE_ID"])
      expect(body).toContain(v);
  });

  it("says it is on, when the token expires, and shows no token", async () => {
    const t = on;
    expect(
      (
        await zaloSender(t.app.deps).send({
          trackingId: "x",
          recipientName: "Lê Thị Hoa",
          phone: "0912345678",
          meetingDate: "2026-05-05",
          meetingTime: "14:00",
          place: "Nhà văn hóa",
          meetingUrl: "https://chibo.test/m",
        })
      ).kind,
    ).toBe("sent");
    const body = await pageOf(t);
    expect(body).toContain("Đang bật");
    expect(body).toContain("Access token hết hạn: 10h00 ngày 02/05/2026"); // 25 hours after 09h00 in Vietnam
    expect(body).not.toContain(zalo.state.sends.at(-1)!.accessToken!);
    expect(body).not.toContain("refresh-1");
  });
});
