/**
 * The campaign of the seed plans (/work/shared/seeds/000–004) as typed data: the study of the book
 * “Kiên quyết, kiên trì đấu tranh phòng, chống tham nhũng, tiêu cực, góp phần xây dựng Đảng và Nhà nước ta
 * ngày càng trong sạch, vững mạnh” by General Secretary Nguyễn Phú Trọng. Loaded into the database on first
 * start. Every text is Vietnamese (NFC) and taken from the seeds; estimates are marked in comments.
 */
import type { TopicView } from "../domain/meeting-text.ts";
import { BOOK_TITLE, topics } from "./seed-topics.ts";

/** A topic of the seed catalogue, as the meeting's text shows one (`TopicView`): "GT" for the value of the
 * work (part 0, no pages of its own), "P1.1" … for the parts; the seeds give only each part's bounds, so a
 * topic's page range inside a part is an estimate (`pagesEstimated`). */
export interface SeedTopic extends TopicView {
  part: 0 | 1 | 2 | 3;
}

export interface SeedPeakDate {
  day: number;
  month: number;
  baseYear: number;
  /** e.g. "Ngày sinh Chủ tịch Hồ Chí Minh" */
  name: string;
}

export interface SeedDeadline {
  /** The day the plan names; "trước ngày 30/10" is stored as 30/10 and the title keeps the wording. */
  day: number;
  month: number;
  /** null = every year of the campaign */
  year: number | null;
  audience: "branch" | "committee";
  title: string;
}

export interface SeedEvent {
  /** yyyy-MM-dd */
  date: string;
  title: string;
  description: string;
}

export interface SeedCampaign {
  title: string;
  bookTitle: string;
  bookAuthor: string;
  description: string;
  /** yyyy-MM */
  firstMonth: string;
  /** yyyy-MM */
  lastMonth: string;
  topics: SeedTopic[];
  peakDates: SeedPeakDate[];
  deadlines: SeedDeadline[];
  events: SeedEvent[];
}

const FIRST_MONTH = "2023-06";
const LAST_MONTH = "2025-11";

export const SEED_CAMPAIGN: SeedCampaign = {
  title: `Đợt sinh hoạt chính trị, tư tưởng sâu rộng về nội dung tác phẩm “${BOOK_TITLE}” của đồng chí Tổng Bí thư Nguyễn Phú Trọng`,
  bookTitle: BOOK_TITLE,
  bookAuthor: "Nguyễn Phú Trọng",
  description:
    "Làm cho cán bộ, đảng viên và Nhân dân nhận thức sâu sắc về những nội dung cốt lõi trong tác phẩm: bản chất, mục đích, ý nghĩa, kết quả, bài học trong công tác phòng, chống tham nhũng, tiêu cực thời gian qua và những chủ trương, quan điểm, phương châm của Đảng, chính sách, pháp luật của Nhà nước về công tác này. Mỗi tháng, chi bộ lựa chọn 01 nội dung trong tác phẩm để làm chủ đề sinh hoạt, gợi ý thảo luận; đợt sinh hoạt được tổ chức thường xuyên, tập trung cao điểm vào dịp kỷ niệm các ngày lễ lớn của đất nước.",
  firstMonth: FIRST_MONTH,
  lastMonth: LAST_MONTH,
  topics,
  // The five national anniversaries the seeds concentrate on (3/2 is general knowledge, see DOMAIN.md).
  peakDates: [
    { day: 3, month: 2, baseYear: 1930, name: "Ngày thành lập Đảng Cộng sản Việt Nam" },
    { day: 30, month: 4, baseYear: 1975, name: "Ngày Giải phóng miền Nam, thống nhất đất nước" },
    { day: 19, month: 5, baseYear: 1890, name: "Ngày sinh Chủ tịch Hồ Chí Minh" },
    // August's two are spoken of together, in full: "kỷ niệm 80 năm Cách mạng tháng Tám thành công
    // (19/8/1945 - 19/8/2025) và Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam (02/9/1945 - 02/9/2025)".
    { day: 19, month: 8, baseYear: 1945, name: "Cách mạng tháng Tám thành công" },
    { day: 2, month: 9, baseYear: 1945, name: "Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam" },
  ],
  // Seed 001, closing paragraph: branches report to the town committee "trước ngày 30/10 hàng năm", the town
  // committee reports to the province "trước ngày 15/11 hàng năm". Seed 001 names no one-off deadline for the
  // 2025 review (its review is the August 2025 conference, under events); the dated review reports of
  // 30/10/2025 and 10/11/2025 belong to another plan (seed 003) and are not part of this campaign.
  deadlines: [
    {
      day: 30,
      month: 10,
      year: null,
      audience: "branch",
      // Seed 001 names its own Thị ủy; the committee that runs a copy of this campaign is named where the
      // deadline is shown (the feeds, the mails), so the title names none.
      title: "Chi bộ báo cáo kết quả đợt sinh hoạt trước ngày 30/10 hằng năm",
    },
    {
      day: 15,
      month: 11,
      year: null,
      audience: "committee",
      title:
        "Ban Thường vụ tổng hợp, báo cáo kết quả đợt sinh hoạt lên cấp ủy cấp trên trước ngày 15/11 hằng năm",
    },
  ],
  // The seeds date these events by month or quarter only; the day chosen inside it is an ESTIMATE (a working
  // day), and the description keeps the seed's own wording of the time.
  events: [
    {
      date: "2023-05-10", // ESTIMATE: "vào dịp" 30/4 and 19/5/2023
      title: "Hội nghị chuyên đề sinh hoạt chính trị tư tưởng về tác phẩm",
      description:
        "Hội nghị chuyên đề cấp thành phố vào dịp kỷ niệm 48 năm Ngày giải phóng miền Nam, thống nhất đất nước (30/4/1975 - 30/4/2023) và kỷ niệm 133 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/5/1890 - 19/5/2023).",
    },
    {
      date: "2023-05-15", // ESTIMATE: "trong tháng 5/2023"
      title: "Hội nghị giới thiệu khái quát nội dung và giá trị của tác phẩm",
      description:
        "Giới thiệu khái quát toàn bộ nội dung và khẳng định giá trị của tác phẩm đến toàn thể cán bộ, đảng viên, công chức, người lao động. Thời gian: trong tháng 5/2023.",
    },
    {
      date: "2023-08-15", // ESTIMATE: "dự kiến trong Quý III/2023"
      title: "Cuộc thi tìm hiểu về chủ đề và nội dung tác phẩm",
      description:
        "Cuộc thi “Nghiên cứu, tìm hiểu về nội dung tác phẩm” dành cho toàn thể cán bộ, đảng viên, công chức, người lao động. Thời gian: theo thời gian của Ban Tổ chức cuộc thi (dự kiến trong Quý III/2023).",
    },
    {
      date: "2025-08-15", // ESTIMATE: "vào tháng 8/2025"
      title: "Hội nghị sơ kết giai đoạn 2023 - 2025",
      description:
        "Ban Tuyên giáo tham mưu Ban Thường vụ báo cáo kết quả và tổ chức Hội nghị sơ kết đợt sinh hoạt giai đoạn 2023 - 2025 vào tháng 8/2025.",
    },
  ],
};
