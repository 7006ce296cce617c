/**
 * The QR code of a calendar link as an inline SVG. uqr (no dependencies) encodes; the drawing is ours so
 * that each row's run of dark modules is one path segment: a 40-module code stays a few kilobytes, where
 * one square per module would weigh five times as much on a phone's weak connection.
 */
import { encode } from "uqr";

/** Error correction M (15 %) and a one-module margin on the page's white card, as before. */
export function qrSvg(text: string): string {
  const { size, data } = encode(text, { ecc: "M", border: 1 });
  let d = "";
  for (let y = 0; y < size; y++) {
    const row = data[y]!;
    for (let x = 0; x < size; x++) {
      if (!row[x]) continue;
      let end = x;
      while (row[end + 1]) end++;
      d += `M${x} ${y}h${end - x + 1}v1H${x}z`;
      x = end;
    }
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges">` +
    `<rect width="${size}" height="${size}" fill="#fff"/><path fill="#000" d="${d}"/></svg>`
  );
}
