/** /docs, as a person uses it: the upload's "Try it out" offers a file picker (the multipart body is declared). */
import { chromium } from "playwright-core";
import { expect, it } from "vitest";
import { buildTestApp } from "../helpers/app.ts";

it("the upload route shows a file picker in /docs", async () => {
  const t = await buildTestApp();
  const addr = await t.app.listen({ host: "127.0.0.1", port: 0 });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const op = "#operations-minutes-post_api_meetings__id__files";
    await page.goto(`${addr}/docs#/minutes/post_api_meetings__id__files`);
    await page.waitForSelector(op, { timeout: 15_000 });
    if (!(await page.locator(`${op} button.try-out__btn`).isVisible()))
      await page.click(`${op} .opblock-summary-control`);
    await page.click(`${op} button.try-out__btn`);
    await expect.poll(() => page.locator(`${op} input[type="file"]`).count()).toBeGreaterThan(0);
  } finally {
    await browser.close();
  }
}, 60_000);
