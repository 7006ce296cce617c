/**
 * What every page test shares: the app listening at the address PUBLIC_URL names (the CSRF check
 * compares origins), Debian's Chromium through playwright-core (never a browser download), a phone-sized
 * context, logging in by the form, and `check(page, name)`: no horizontal scrolling at 360 and 1280 px, a
 * screenshot of each into tests/web/screenshots/, and no serious or critical axe-core finding.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, expect } from "vitest";
import { freePort } from "../../src/db/embedded.ts";
import type { AppDeps } from "../../src/http/types.ts";
import { buildTestApp, type TestApp } from "../helpers/app.ts";
import type { Sink } from "../reminders/smtp-sink.ts";

export const PW = "mat-khau-dai-du";
export const SHOTS = path.resolve(import.meta.dirname, "screenshots");
mkdirSync(SHOTS, { recursive: true });
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface WebKit {
  t: TestApp;
  base: string;
  /** Starts listening and launches the browser: call once the data is in place (in beforeAll). */
  start(): Promise<void>;
  browser(): Browser;
  phone(width?: number): Promise<{ ctx: BrowserContext; page: Page }>;
  logIn(page: Page, email: string, password?: string): Promise<void>;
  check(page: Page, name: string): Promise<void>;
}

export async function webKit(opts: {
  now: string;
  env?: Record<string, string>;
  channels?: AppDeps["channels"];
}): Promise<WebKit> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t = await buildTestApp({
    now: opts.now,
    env: { COOKIE_SECURE: "false", PUBLIC_URL: base, ...opts.env },
    channels: opts.channels,
  });
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
  });
  return {
    t,
    base,
    async start() {
      await t.app.listen({ host: "127.0.0.1", port });
      browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
    },
    browser() {
      if (!browser) throw new Error("webKit.start() first");
      return browser;
    },
    async phone(width = 360) {
      if (!browser) throw new Error("webKit.start() first");
      const ctx = await browser.newContext({ viewport: { width, height: 780 }, locale: "vi-VN" });
      return { ctx, page: await ctx.newPage() };
    },
    async logIn(page, email, password = PW) {
      await page.goto(`${base}/`);
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Mật khẩu").fill(password);
      await page.getByRole("button", { name: "Đăng nhập" }).click();
      await page.waitForLoadState("load");
    },
    async check(page, name) {
      for (const width of [360, 1280]) {
        await page.setViewportSize({ width, height: 780 });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${name} scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
        await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
      }
      await page.setViewportSize({ width: 360, height: 780 });
      // DevTools evaluation is not an inline script: the page's CSP stays as served.
      await page.evaluate(AXE);
      const violations = await page.evaluate(async () => {
        // biome-ignore lint/suspicious/noExplicitAny: axe is a global put there by its own script
        const r = await (window as any).axe.run();
        return r.violations
          .filter((v: { impact: string }) => v.impact === "serious" || v.impact === "critical")
          .map((v: { id: string; help: string }) => `${v.id}: ${v.help}`);
      });
      expect(violations, name).toEqual([]);
    },
  };
}

/** A minimal valid PDF: one empty A4 page, with a correct cross-reference table (what an upload takes). */
export function minimalPdf(): Buffer {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

/** The mails the sink received for one address, parsed, in the order they came. */
export const mailsTo = (sink: Sink, address: string) =>
  sink.received.filter((m) => m.rcpt.includes(address)).map((m) => m.parsed!);

/** The set-password link in a mail's text (an invitation, a reset). */
export const passwordLinkIn = (text: string | undefined) =>
  /(http\S+\/quen-mat-khau\/[A-Za-z0-9_-]+)/.exec(text ?? "")![1]!;
