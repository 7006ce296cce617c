/**
 * The official minutes as a Word file (.docx), for committees that archive and re-edit them in Word: the
 * same text as the printed A4 minutes (`minutesSheet`), A4 with a party document's margins, Times New Roman.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import type { MinutesSheet, SheetLine } from "./minutes-sheet.ts";

const FONT = "Times New Roman";
const SIZE = 26; // half-points: 13 pt
/** Millimetres in twentieths of a point. */
const mm = (n: number) => Math.round((n * 1440) / 25.4);
const NONE = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" };
const NO_BORDERS = {
  top: NONE,
  bottom: NONE,
  left: NONE,
  right: NONE,
  insideHorizontal: NONE,
  insideVertical: NONE,
};

const run = (text: string, o: { bold?: boolean; italics?: boolean; underline?: boolean } = {}) =>
  new TextRun({
    text,
    font: FONT,
    size: SIZE,
    bold: o.bold,
    italics: o.italics,
    ...(o.underline ? { underline: {} } : {}),
  });

const centred = (runs: TextRun[]) => new Paragraph({ alignment: AlignmentType.CENTER, children: runs });

function line(l: SheetLine) {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    spacing: { after: 40 },
    children: [...(l.label ? [run(`${l.label} `, { bold: true })] : []), run(l.text)],
  });
}

/** Two columns without borders: the header, and the signatures. */
function twoColumns(left: Paragraph[], right: Paragraph[]) {
  const cell = (children: Paragraph[]) =>
    new TableCell({ children, width: { size: 50, type: WidthType.PERCENTAGE }, borders: NO_BORDERS });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [new TableRow({ children: [cell(left), cell(right)] })],
  });
}

export function minutesDocx(s: MinutesSheet): Promise<Buffer> {
  const header = twoColumns(
    [
      ...(s.issuer.organisation ? [centred([run(s.issuer.organisation)])] : []),
      centred([run(s.issuer.branch, { bold: true })]),
      centred([run("*")]),
      centred([run(s.issuer.number)]),
    ],
    [
      centred([run("ĐẢNG CỘNG SẢN VIỆT NAM", { bold: true, underline: true })]),
      centred([run(s.dateLine, { italics: true })]),
    ],
  );
  const body = s.sections.flatMap((sec) => [
    new Paragraph({ spacing: { before: 120, after: 40 }, children: [run(sec.heading, { bold: true })] }),
    ...sec.lines.map(line),
  ]);
  const signature = (title: string[], name: string) => [
    ...title.map((t) => centred([run(t, { bold: true })])),
    centred([run("(ký, ghi rõ họ tên)", { italics: true })]),
    new Paragraph({ children: [] }),
    new Paragraph({ children: [] }),
    centred([run(name || "……………………")]),
  ];
  const doc = new Document({
    creator: "chibo",
    title: `Biên bản – ${s.subtitle}`,
    styles: { default: { document: { run: { font: FONT, size: SIZE } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: mm(210), height: mm(297) },
            margin: { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) },
          },
        },
        children: [
          header,
          new Paragraph({
            spacing: { before: 240 },
            alignment: AlignmentType.CENTER,
            children: [run(s.title, { bold: true })],
          }),
          centred([run(s.subtitle, { bold: true })]),
          ...body,
          ...s.closing.map((t) => line({ text: t })),
          new Paragraph({ children: [] }),
          twoColumns(
            signature(["THƯ KÝ"], s.signatures.recorder),
            signature(["T/M CHI BỘ", "CHỦ TRÌ"], s.signatures.chair),
          ),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
