/**
 * Reads an .xlsx back the way a spreadsheet would: unzips it (fflate) and parses the workbook, the shared
 * strings and each sheet's XML, keeping each cell's type (shared string or number) and the column widths.
 * Small on purpose: enough to assert what a user opening the file would see.
 */
import { strFromU8, unzipSync } from "fflate";

export type XCell = { type: "string"; value: string } | { type: "number"; value: number; style: number };

export interface XSheet {
  name: string;
  cells: Map<string, XCell>;
  widths: number[];
  frozenRows: number;
}

const xmlText = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");

export function readXlsx(buf: Uint8Array): { sheets: XSheet[]; numberFormats: Map<number, string> } {
  const zip = unzipSync(buf);
  const text = (name: string) => {
    const f = zip[name];
    if (!f) throw new Error(`${name} missing from the workbook`);
    return strFromU8(f);
  };
  const shared = [
    ...(zip["xl/sharedStrings.xml"] ? text("xl/sharedStrings.xml") : "").matchAll(/<si>(.*?)<\/si>/gs),
  ].map((m) => xmlText([...m[1]!.matchAll(/<t[^>]*>(.*?)<\/t>/gs)].map((t) => t[1]).join("")));
  // Style index → number format code (for the cells that show a percentage).
  const styles = text("xl/styles.xml");
  const codes = new Map<number, string>(
    [...styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"/g)].map((m) => [
      Number(m[1]),
      xmlText(m[2]!),
    ]),
  );
  const xfs = styles.match(/<cellXfs[^>]*>(.*?)<\/cellXfs>/s)?.[1] ?? "";
  const numberFormats = new Map<number, string>();
  [...xfs.matchAll(/<xf\b([^>]*)>/g)].forEach((m, i) => {
    const code = codes.get(Number(m[1]!.match(/numFmtId="(\d+)"/)?.[1] ?? -1));
    if (code) numberFormats.set(i, code);
  });
  const names = [...text("xl/workbook.xml").matchAll(/<sheet [^>]*name="([^"]*)"/g)].map((m) =>
    xmlText(m[1]!),
  );
  const sheets = names.map((name, i) => {
    const xml = text(`xl/worksheets/sheet${i + 1}.xml`);
    const cells = new Map<string, XCell>();
    for (const m of xml.matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>(.*?)<\/c>)/gs)) {
      const attrs = m[2] ?? "";
      const v = m[3]?.match(/<v>(.*?)<\/v>/s)?.[1];
      if (v === undefined) continue;
      if (/t="s"/.test(attrs)) cells.set(m[1]!, { type: "string", value: shared[Number(v)]! });
      else
        cells.set(m[1]!, {
          type: "number",
          value: Number(v),
          style: Number(attrs.match(/s="(\d+)"/)?.[1] ?? 0),
        });
    }
    const widths: number[] = [];
    for (const c of xml.matchAll(/<col min="(\d+)" max="(\d+)" width="([\d.]+)"/g)) {
      for (let k = Number(c[1]); k <= Number(c[2]); k++) widths[k - 1] = Number(c[3]);
    }
    const frozenRows = Number(xml.match(/<pane [^>]*ySplit="(\d+)"[^>]*state="frozen"/)?.[1] ?? 0);
    return { name, cells, widths, frozenRows };
  });
  return { sheets, numberFormats };
}

/** The cells of one row, in column order, as plain values. */
export function rowValues(sheet: XSheet, row: number): (string | number | undefined)[] {
  const out: (string | number | undefined)[] = [];
  for (const [ref, cell] of sheet.cells) {
    const m = ref.match(/^([A-Z]+)(\d+)$/)!;
    if (Number(m[2]) !== row) continue;
    const col = [...m[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
    out[col - 1] = cell.value;
  }
  return out;
}
