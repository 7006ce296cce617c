import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { SEED_CAMPAIGN, type SeedTopic } from "../../src/campaigns/seed-campaign.ts";
import { findPeak } from "../../src/domain/peaks.ts";

const { topics } = SEED_CAMPAIGN;

/** The part bounds as seeds 002, 003 and 004 print them. */
const PART_BOUNDS = {
  1: { start: 11, end: 206 },
  2: { start: 207, end: 522 },
  3: { start: 523, end: 619 },
} as const;

/** Letters that only Vietnamese (with diacritics) uses. */
const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;

function allStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) allStrings(v, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) allStrings(v, out);
  return out;
}

function topicsOf(part: 1 | 2 | 3): SeedTopic[] {
  return topics.filter((t) => t.part === part);
}

describe("SEED_CAMPAIGN topics", () => {
  it("has at least 12 topics with unique codes", () => {
    expect(topics.length).toBeGreaterThanOrEqual(12);
    expect(new Set(topics.map((t) => t.code)).size).toBe(topics.length);
  });

  it("covers every part and has one topic for the value of the work", () => {
    for (const part of [1, 2, 3] as const) expect(topicsOf(part).length).toBeGreaterThanOrEqual(2);
    const value = topics.filter((t) => t.part === 0);
    expect(value).toHaveLength(1);
    expect(value[0]?.pageStart).toBeNull();
    expect(value[0]?.pageEnd).toBeNull();
    // The seeds give the value of the work in five points.
    expect(value[0]?.summary).toMatch(/cẩm nang/);
  });

  it("studies the parts in the book's order", () => {
    const partsInOrder = topics.map((t) => t.part).filter((p) => p !== 0);
    expect(partsInOrder).toEqual([...partsInOrder].sort((a, b) => a - b));
  });

  it("gives each part its title from the seeds", () => {
    const titles = (part: 1 | 2 | 3) => new Set(topicsOf(part).map((t) => t.partTitle));
    expect([...titles(1)]).toHaveLength(1);
    expect([...titles(1)][0]).toContain(
      "Một số vấn đề rút ra từ thực tiễn công cuộc đấu tranh phòng, chống tham nhũng, tiêu cực ở Việt Nam",
    );
    expect([...titles(2)][0]).toContain("Phòng ngừa tham nhũng, tiêu cực từ sớm, từ xa, cả ngọn lẫn gốc");
    expect([...titles(3)][0]).toContain("Trên dưới đồng lòng, dọc ngang thông suốt");
  });

  for (const part of [1, 2, 3] as const) {
    it(`covers Part ${part} (pp. ${PART_BOUNDS[part].start}–${PART_BOUNDS[part].end}) contiguously`, () => {
      const list = topicsOf(part);
      const { start, end } = PART_BOUNDS[part];
      expect(list[0]?.pageStart).toBe(start);
      expect(list.at(-1)?.pageEnd).toBe(end);
      for (const [i, t] of list.entries()) {
        expect(t.pageStart, t.code).not.toBeNull();
        expect(t.pageEnd, t.code).not.toBeNull();
        expect(t.pageStart!, t.code).toBeGreaterThanOrEqual(start);
        expect(t.pageEnd!, t.code).toBeLessThanOrEqual(end);
        expect(t.pageEnd!, t.code).toBeGreaterThanOrEqual(t.pageStart!);
        const next = list[i + 1];
        if (next) expect(next.pageStart, `${t.code} → ${next.code}`).toBe(t.pageEnd! + 1);
      }
    });
  }

  it("gives every topic a title, a 2–4 sentence summary and 2–4 prompts", () => {
    for (const t of topics) {
      expect(t.title.length, t.code).toBeGreaterThan(10);
      const sentences = t.summary.split(/(?<=[.!?”])\s+(?=[A-ZÀ-ỸĐ“])/u).filter((s) => s.trim() !== "");
      expect(sentences.length, `${t.code}: ${t.summary}`).toBeGreaterThanOrEqual(2);
      expect(sentences.length, `${t.code}: ${t.summary}`).toBeLessThanOrEqual(4);
      expect(t.prompts.length, t.code).toBeGreaterThanOrEqual(2);
      expect(t.prompts.length, t.code).toBeLessThanOrEqual(4);
      for (const p of t.prompts) expect(p.trim().length, t.code).toBeGreaterThan(20);
    }
  });

  it("has links only to URLs the seeds name", () => {
    for (const t of topics) {
      for (const link of t.links) {
        expect(link.url).toMatch(/^https:\/\/tulieuvankien\.dangcongsan\.vn\//);
        expect(link.title.length).toBeGreaterThan(0);
      }
    }
  });

  it("spells out the seeds' content item by item", () => {
    const text = topics.map((t) => `${t.title} ${t.summary}`).join("\n");
    for (const phrase of [
      "giặc nội xâm",
      "phòng là cơ bản, lâu dài, chống là cấp bách, trước mắt",
      "không có vùng cấm",
      "trị bệnh cứu người",
      "“không thể”, “không dám”, “không muốn”, “không cần”",
      "08 bài học kinh nghiệm",
      "05 nhiệm vụ, giải pháp",
      "05 vấn đề cần lưu ý",
      "Bản chất của Đảng",
      "tự soi, tự sửa",
      "uy tín",
      "mọi thành bại đều do con người",
      "96",
    ]) {
      expect(text, phrase).toContain(phrase);
    }
  });
});

describe("SEED_CAMPAIGN text", () => {
  const strings = allStrings(SEED_CAMPAIGN);

  it("is NFC everywhere", () => {
    for (const s of strings) expect(s, s).toBe(s.normalize("NFC"));
  });

  it("carries full Vietnamese diacritics", () => {
    for (const t of topics) {
      for (const s of [t.title, t.partTitle, t.summary, ...t.prompts]) expect(s, s).toMatch(VIETNAMESE);
    }
    expect(SEED_CAMPAIGN.bookTitle).toBe(
      "Kiên quyết, kiên trì đấu tranh phòng, chống tham nhũng, tiêu cực, góp phần xây dựng Đảng và Nhà nước ta ngày càng trong sạch, vững mạnh",
    );
    expect(SEED_CAMPAIGN.title).toContain(SEED_CAMPAIGN.bookTitle);
    expect(SEED_CAMPAIGN.bookAuthor).toBe("Nguyễn Phú Trọng");
  });

  it("has none of the broken glyphs of the seed PDFs (ƣ for ư) and no stray whitespace", () => {
    for (const s of strings) {
      expect(s, s).not.toMatch(/[ƣƯ]/);
      expect(s, s).toBe(s.trim());
      expect(s, s).not.toMatch(/\s{2,}/);
    }
  });
});

describe("SEED_CAMPAIGN dates", () => {
  it("runs from June 2023 to November 2025", () => {
    expect(SEED_CAMPAIGN.firstMonth).toBe("2023-06");
    expect(SEED_CAMPAIGN.lastMonth).toBe("2025-11");
  });

  it("has the five peak dates with the year each anniversary counts from", () => {
    const peaks = SEED_CAMPAIGN.peakDates.map((p) => `${p.day}/${p.month}/${p.baseYear} ${p.name}`);
    expect(peaks).toEqual([
      "3/2/1930 Ngày thành lập Đảng Cộng sản Việt Nam",
      "30/4/1975 Ngày Giải phóng miền Nam, thống nhất đất nước",
      "19/5/1890 Ngày sinh Chủ tịch Hồ Chí Minh",
      "19/8/1945 Cách mạng tháng Tám thành công",
      "2/9/1945 Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam",
    ]);
  });

  // Seed 003 writes "(19/5/1890 - 19/5/2023)" and "(02/9/1945 - 02/9/2023)": the same years and names, with
  // every date written dd/MM/yyyy as everywhere else in chibo (issue 18: dates never mix 03/2 and 03/02).
  it("reproduces seed 003's anniversary texts from its peak dates, dates written dd/MM/yyyy", () => {
    expect(findPeak("2023-05-19", SEED_CAMPAIGN.peakDates)?.text).toBe(
      "kỷ niệm 133 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/05/1890 - 19/05/2023)",
    );
    expect(findPeak("2023-09-02", SEED_CAMPAIGN.peakDates)?.text).toBe(
      "kỷ niệm 78 năm Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam (02/09/1945 - 02/09/2023)",
    );
    // Seed 004: "kỷ niệm 48 năm Ngày giải phóng miền Nam, thống nhất đất nước (30/4/1975 - 30/4/2023)"
    expect(findPeak("2023-04-30", SEED_CAMPAIGN.peakDates)?.anniversary).toBe(48);
  });

  it("has seed 001's yearly deadlines: branches before 30/10, the committee before 15/11", () => {
    const deadlines = SEED_CAMPAIGN.deadlines.map((d) => ({
      day: d.day,
      month: d.month,
      year: d.year,
      audience: d.audience,
    }));
    expect(deadlines).toEqual([
      { day: 30, month: 10, year: null, audience: "branch" },
      { day: 15, month: 11, year: null, audience: "committee" },
    ]);
    expect(SEED_CAMPAIGN.deadlines[0]?.title).toContain("trước ngày 30/10");
    expect(SEED_CAMPAIGN.deadlines[1]?.title).toContain("trước ngày 15/11");
    // The committee is named where the deadline is shown, never a fixed "Thị ủy" in a Huyện ủy's copy.
    for (const d of SEED_CAMPAIGN.deadlines) expect(d.title).not.toMatch(/Thị ủy|Huyện ủy|Tỉnh ủy/);
  });

  it("dates the events as the seeds do", () => {
    const { events } = SEED_CAMPAIGN;
    for (const e of events) {
      expect(DateTime.fromFormat(e.date, "yyyy-MM-dd").isValid, e.date).toBe(true);
      expect(e.title).toMatch(VIETNAMESE);
      expect(e.description.length).toBeGreaterThan(20);
    }
    const dates = events.map((e) => e.date);
    expect(dates).toEqual([...dates].sort());

    const intro = events.find((e) => e.title.includes("giới thiệu"));
    expect(intro?.date.slice(0, 7)).toBe("2023-05");

    const quiz = events.find((e) => e.title.includes("Cuộc thi"));
    const quizMonth = DateTime.fromISO(quiz!.date);
    expect(quizMonth.year).toBe(2023);
    expect(quizMonth.quarter).toBe(3);

    const review = events.find((e) => e.title.includes("sơ kết"));
    expect(review?.date.slice(0, 7)).toBe("2025-08");

    // Every event falls before the end of the campaign.
    for (const d of dates) expect(d.slice(0, 7) <= SEED_CAMPAIGN.lastMonth).toBe(true);
  });
});
