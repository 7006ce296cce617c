/**
 * The calendar link's QR code decodes back to the link: the SVG's path is painted module by module and read
 * with jsQR, an independent decoder. (tests/web/pages.test.ts decodes the code as Chromium draws it too.)
 */
import jsqr from "jsqr";
import { describe, expect, it } from "vitest";
import { qrSvg } from "../../src/web/qr.ts";

// jsqr is CommonJS whose types declare `export default`: under NodeNext the function is `.default`.
const jsQR = jsqr.default;

/** Paints the SVG's `M x y h n v1 H x z` runs at `scale` pixels a module, inside a white quiet zone. */
function paint(svg: string, scale = 6, pad = 4) {
  const size = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)![1]);
  const side = (size + 2 * pad) * scale;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  const d = /<path fill="#000" d="([^"]*)"/.exec(svg)![1]!;
  const runs = [...d.matchAll(/M(\d+) (\d+)h(\d+)v1H\1z/g)];
  expect(runs.map((r) => r[0]).join("")).toBe(d);
  for (const [, x, y, n] of runs) {
    for (let py = (Number(y) + pad) * scale; py < (Number(y) + pad + 1) * scale; py++) {
      for (let px = (Number(x) + pad) * scale; px < (Number(x) + Number(n) + pad) * scale; px++) {
        pixels.fill(0, (py * side + px) * 4, (py * side + px) * 4 + 3);
      }
    }
  }
  return { pixels, side };
}

describe("qrSvg", () => {
  it.each([
    "webcal://127.0.0.1:3000/feeds/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdEfGh.ics",
    "webcal://lich.chibo.example.vn/feeds/x.ics",
  ])("draws a code that decodes to %s", (link) => {
    const { pixels, side } = paint(qrSvg(link));
    expect(jsQR(pixels, side, side)?.data).toBe(link);
  });

  it("stays small enough for a page under 60 KB", () => {
    const svg = qrSvg(`webcal://lich.chibo.example.vn/feeds/${"A".repeat(43)}.ics`);
    expect(svg.length).toBeLessThan(6_000);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 \d+ \d+"/);
  });
});
