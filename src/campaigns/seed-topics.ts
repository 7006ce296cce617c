/**
 * The seed campaign's catalogue of topics (seed-campaign.ts holds the campaign around it): the book's title,
 * its parts and every topic with its pages, summary and discussion prompts, taken from seeds 000–004.
 */
import type { SeedTopic } from "./seed-campaign.ts";

export const BOOK_TITLE =
  "Kiên quyết, kiên trì đấu tranh phòng, chống tham nhũng, tiêu cực, góp phần xây dựng Đảng và Nhà nước ta ngày càng trong sạch, vững mạnh";

/** Seed 001, footnote (1): "Link bản sách điện tử". The same book serves every topic. */
const EBOOK = {
  title: "Bản sách điện tử của tác phẩm (tulieuvankien.dangcongsan.vn)",
  url: "https://tulieuvankien.dangcongsan.vn/Uploads/2023/2/7/7/Kien%20quyet,%20kien%20tri%20dau%20tranh%20phong,%20chong%20tham%20nhung,%20tieu%20cuc.pdf",
};

const VALUE = "Giá trị của tác phẩm";
const PART_1 =
  "Phần thứ nhất: Một số vấn đề rút ra từ thực tiễn công cuộc đấu tranh phòng, chống tham nhũng, tiêu cực ở Việt Nam";
const PART_2 =
  "Phần thứ hai: Nhất quán phương châm: Phòng ngừa tham nhũng, tiêu cực từ sớm, từ xa, cả ngọn lẫn gốc";
const PART_3 = "Phần thứ ba: Trên dưới đồng lòng, dọc ngang thông suốt";

/**
 * The catalogue, in the order a branch studies it: the value of the work first (it opens the campaign, as
 * seed 000's introduction conference "giới thiệu khái quát toàn bộ nội dung và khẳng định giá trị của Tác
 * phẩm" does before the monthly topics), then the three parts in the book's order.
 *
 * Pages: the seeds give only each part's bounds (Part 1 pp. 11–206, Part 2 pp. 207–522, Part 3 pp. 523–619;
 * seeds 002, 003, 004). The topics follow the seeds' themes, but the themes are not printed as separate
 * chapters, so every internal boundary below is an ESTIMATE: the part is cut into contiguous readings of
 * about equal length, in the order the seeds list the themes. Correct them against the printed book.
 */
export const topics: SeedTopic[] = [
  {
    code: "GT",
    part: 0,
    partTitle: VALUE,
    title: "Giới thiệu khái quát và giá trị của tác phẩm",
    pageStart: null,
    pageEnd: null,
    summary:
      "Tác phẩm gồm các bài viết, bài phát biểu, chỉ đạo, tổng kết của đồng chí Tổng Bí thư Nguyễn Phú Trọng, trình bày trong 600 trang với 111 bức ảnh, kết cấu thành 3 phần. Tác phẩm là cẩm nang trong công tác phòng, chống tham nhũng, tiêu cực, thể hiện phương châm kết hợp đồng bộ giữa “xây” và “chống”, giữa xử lý nghiêm minh và phòng ngừa, giáo dục. Tác phẩm có ý nghĩa cả về lý luận và thực tiễn, khẳng định thành tựu của công cuộc phòng, chống tham nhũng, tiêu cực, sự nhất quán giữa nói và làm của đồng chí Tổng Bí thư. Tác phẩm khẳng định niềm tin, sự đồng tình, ủng hộ của các tầng lớp nhân dân, đại biểu Quốc hội, chính khách, học giả nước ngoài.",
    prompts: [
      "Trong 05 giá trị của tác phẩm, giá trị nào có ý nghĩa thiết thực nhất đối với chi bộ và cơ quan, đơn vị mình? Vì sao?",
      "Phương châm kết hợp đồng bộ giữa “xây” và “chống” cần được thể hiện như thế nào trong sinh hoạt chi bộ và trong công việc hằng ngày của mỗi đảng viên?",
      "Mỗi đồng chí đăng ký kế hoạch tự học, tự nghiên cứu tác phẩm như thế nào trong đợt sinh hoạt này?",
    ],
    links: [EBOOK],
  },
  // Part 1, pp. 11–206: 01 overview article, 04 conclusions at the national conferences (2014, 2018, 2020,
  // 2022) and extracts from 36 meetings of the Central Steering Committee (2013–2022). Seven readings of
  // 28 pages each: 11–38, 39–66, 67–94, 95–122, 123–150, 151–178, 179–206 (ESTIMATE).
  {
    code: "P1.1",
    part: 1,
    partTitle: PART_1,
    title: "Tham nhũng, tiêu cực là “giặc ở trong lòng”, là “giặc nội xâm”",
    pageStart: 11,
    pageEnd: 38, // ESTIMATE
    pagesEstimated: true,
    summary:
      "Tác phẩm làm rõ tham nhũng, tiêu cực là gì, tác hại ra sao và vị trí, vai trò của công tác phòng, chống tham nhũng, tiêu cực. Tham nhũng, tiêu cực là “giặc ở trong lòng”, là “giặc nội xâm”. Tham nhũng là một trong những nguy cơ đối với Đảng và cách mạng Việt Nam, uy hiếp sự tồn vong của chế độ, làm mất niềm tin của Nhân dân đối với sự lãnh đạo của Đảng.",
    prompts: [
      "Vì sao tham nhũng, tiêu cực được gọi là “giặc nội xâm”? Tác hại của tham nhũng, tiêu cực đối với niềm tin của Nhân dân thể hiện như thế nào ở địa phương, cơ quan, đơn vị mình?",
      "Những biểu hiện tiêu cực nào dễ phát sinh trong lĩnh vực công tác của chi bộ? Chi bộ cần nhận diện và ngăn chặn từ sớm ra sao?",
      "Mỗi đảng viên cần làm gì để không để bản thân và gia đình trở thành nơi nảy sinh tham nhũng, tiêu cực?",
    ],
    links: [EBOOK],
  },
  {
    code: "P1.2",
    part: 1,
    partTitle: PART_1,
    title: "Quan điểm, phương châm chỉ đạo: không có vùng cấm, không có ngoại lệ, “trị bệnh cứu người”",
    pageStart: 39,
    pageEnd: 66, // ESTIMATE
    pagesEstimated: true,
    summary:
      "Tác phẩm nêu rõ tư tưởng, quan điểm, phương châm chỉ đạo phòng, chống tham nhũng, tiêu cực: phòng là cơ bản, lâu dài, chống là cấp bách, trước mắt. Đấu tranh phòng, chống tham nhũng, tiêu cực không nghỉ, không ngừng, không có vùng cấm, không có ngoại lệ, bất kể người đó là ai. Mục đích của việc xử lý là để “trị bệnh cứu người”, kỷ luật một vài người để cứu muôn người, truy tố một vụ để cảnh tỉnh cả một vùng, một lĩnh vực.",
    prompts: [
      "Hiểu như thế nào về phương châm “phòng là cơ bản, lâu dài, chống là cấp bách, trước mắt”? Ở chi bộ mình, việc “phòng” đã được làm như thế nào?",
      "Tinh thần “không có vùng cấm, không có ngoại lệ, bất kể người đó là ai” đặt ra yêu cầu gì đối với việc kiểm tra, giám sát, phê bình và tự phê bình trong chi bộ?",
      "Ý nghĩa nhân văn của mục đích “trị bệnh cứu người” là gì? Chi bộ vận dụng như thế nào khi xem xét, xử lý đảng viên vi phạm?",
    ],
    links: [EBOOK],
  },
  {
    code: "P1.3",
    part: 1,
    partTitle: PART_1,
    title: "Một xu thế không thể đảo ngược: mục tiêu “không thể”, “không dám”, “không muốn”, “không cần”",
    pageStart: 67,
    pageEnd: 94, // ESTIMATE
    pagesEstimated: true,
    summary:
      "Đấu tranh phòng, chống tham nhũng, tiêu cực là “một việc làm cần thiết, tất yếu, một xu thế không thể đảo ngược” nhưng cũng là nhiệm vụ hết sức khó khăn, phức tạp, cần thực hiện đồng bộ các biện pháp chính trị tư tưởng, tổ chức hành chính, kinh tế, hình sự. Việc này “không thể chỉ làm một lần là xong” mà phải làm thường xuyên, liên tục, “như đánh răng, rửa mặt hằng ngày”, với quyết tâm rất lớn và phương pháp tư duy đúng đắn, tỉnh táo, bình tĩnh, không cực đoan. Từ đó đề ra các nhiệm vụ, giải pháp hướng tới mục tiêu “không thể”, “không dám”, “không muốn”, “không cần” tham nhũng, tiêu cực.",
    prompts: [
      "Vì sao phòng, chống tham nhũng, tiêu cực phải làm “như đánh răng, rửa mặt hằng ngày”? Chi bộ đã duy trì việc này thường xuyên, liên tục hay chưa?",
      "Cơ quan, đơn vị mình cần làm gì để cán bộ “không thể”, “không dám”, “không muốn”, “không cần” tham nhũng, tiêu cực?",
      "Làm thế nào để đấu tranh kiên quyết nhưng tỉnh táo, không cực đoan, không để các thế lực xấu lợi dụng, xuyên tạc, kích động?",
    ],
    links: [EBOOK],
  },
  {
    code: "P1.4",
    part: 1,
    partTitle: PART_1,
    title: "Tổng kết thực tiễn 10 năm: 04 kết quả nổi bật",
    pageStart: 95,
    pageEnd: 122, // ESTIMATE
    pagesEstimated: true,
    summary:
      "Tác phẩm tổng kết thực tiễn công tác đấu tranh phòng, chống tham nhũng ở nước ta trong 10 năm qua. Các kết quả nổi bật là: phát hiện, xử lý kỷ luật 2.740 tổ chức đảng, hơn 167.700 đảng viên, xử lý hình sự 37 cán bộ diện Trung ương quản lý; xây dựng, hoàn thiện thể chế với 250 văn bản của Đảng, hơn 300 luật, pháp lệnh và hơn 2.000 nghị định. Cùng với đó là công khai, minh bạch, kiểm soát quyền lực, xây dựng văn hóa liêm chính, mở rộng phòng, chống tham nhũng, tiêu cực ra khu vực ngoài nhà nước và tăng cường hợp tác quốc tế.",
    prompts: [
      "Những kết quả nổi bật của công tác phòng, chống tham nhũng, tiêu cực 10 năm qua đã tác động thế nào đến niềm tin của cán bộ, đảng viên và Nhân dân nơi mình công tác, sinh sống?",
      "Việc công khai, minh bạch và kiểm soát quyền lực ở cơ quan, đơn vị mình đã được thực hiện ra sao? Còn khâu nào cần làm tốt hơn?",
      "Chi bộ cần làm gì để xây dựng văn hóa liêm chính trong cơ quan, đơn vị?",
    ],
    links: [EBOOK],
  },
  {
    code: "P1.5",
    part: 1,
    partTitle: PART_1,
    title: "08 bài học kinh nghiệm rút ra từ thực tiễn phòng, chống tham nhũng, tiêu cực",
    pageStart: 123,
    pageEnd: 150, // ESTIMATE
    pagesEstimated: true,
    summary:
      "Từ thực tiễn, tác phẩm đúc rút 08 bài học kinh nghiệm: biến quyết tâm chính trị thành hành động thực tế, nói đi đôi với làm; tiến hành kiên quyết, kiên trì, không nghỉ, không ngừng; chú trọng công tác cán bộ; tích cực phòng ngừa, chủ động phát hiện, kịp thời xử lý nghiêm các sai phạm. Cùng với đó là tăng cường kiểm soát quyền lực; phát huy vai trò nòng cốt và sự phối hợp của các cơ quan chức năng; gắn phòng, chống tham nhũng với xây dựng Đảng, huy động sức mạnh tổng hợp của cả hệ thống chính trị và toàn xã hội; các giải pháp phải phù hợp với đặc điểm, tình hình ở Việt Nam.",
    prompts: [
      "Trong 08 bài học kinh nghiệm, bài học nào chi bộ mình cần vận dụng trước nhất? Vì sao?",
      "Chi bộ đã thực hiện “nói đi đôi với làm” như thế nào trong việc thực hiện nghị quyết và nêu gương của cán bộ, đảng viên?",
      "Làm thế nào để gắn phòng, chống tham nhũng, tiêu cực với công tác xây dựng Đảng ngay trong sinh hoạt chi bộ hằng tháng?",
    ],
    links: [EBOOK],
  },
  {
    code: "P1.6",
    part: 1,
    partTitle: PART_1,
    title: "05 nhiệm vụ, giải pháp ngăn chặn, đẩy lùi tham nhũng, tiêu cực thời gian tới",
    pageStart: 151,
    pageEnd: 178, // ESTIMATE
    pagesEstimated: true,
    summary:
      "Tác phẩm chỉ ra 05 nhiệm vụ, giải pháp căn bản: tập trung xây dựng, chỉnh đốn Đảng, phát huy vai trò gương mẫu, quyết liệt của người đứng đầu và tập thể lãnh đạo; tiếp tục xây dựng, hoàn thiện thể chế; đẩy mạnh phát hiện, xử lý tham nhũng, tiêu cực. Cùng với đó là hoàn thiện và thực hiện nghiêm các quy định về phòng ngừa tham nhũng; xây dựng cơ quan và đội ngũ cán bộ làm công tác phòng, chống tham nhũng, tiêu cực trong sạch, vững mạnh, mở rộng hợp tác quốc tế và triển khai hoạt động phòng, chống tham nhũng ra khu vực ngoài nhà nước.",
    prompts: [
      "Người đứng đầu cơ quan, đơn vị và chi ủy cần nêu gương như thế nào trong phòng, chống tham nhũng, tiêu cực?",
      "Những quy định về phòng ngừa tham nhũng nào (kê khai tài sản, thu nhập; công khai, minh bạch; chuyển đổi vị trí công tác…) cần được thực hiện nghiêm hơn ở cơ quan, đơn vị mình?",
      "Chi bộ đề xuất những việc cụ thể nào để thực hiện các nhiệm vụ, giải pháp này trong năm nay?",
    ],
    links: [EBOOK],
  },
  {
    code: "P1.7",
    part: 1,
    partTitle: PART_1,
    title: "05 vấn đề cần lưu ý trong lãnh đạo, chỉ đạo công tác phòng, chống tham nhũng, tiêu cực",
    pageStart: 179,
    pageEnd: 206, // ESTIMATE
    pagesEstimated: true,
    summary:
      "Tác phẩm chỉ ra 05 vấn đề cần lưu ý trong công tác lãnh đạo, chỉ đạo: Ban Chỉ đạo và từng thành viên phải đúng vai, thuộc bài; hoàn thiện thể chế để không thể tham nhũng, tiêu cực; thi hành đồng bộ giữa kỷ luật Đảng, kỷ luật hành chính và xử lý hình sự. Cùng với đó là tập trung xử lý những khâu yếu, việc khó và đẩy mạnh công tác thông tin, tuyên truyền về phòng, chống tham nhũng, tiêu cực.",
    prompts: [
      "“Đúng vai, thuộc bài” có ý nghĩa gì đối với chi ủy và từng đảng viên được phân công nhiệm vụ trong chi bộ?",
      "Cơ quan, đơn vị mình còn những khâu yếu, việc khó nào dễ phát sinh tiêu cực? Chi bộ cần tập trung lãnh đạo xử lý ra sao?",
      "Chi bộ làm gì để thông tin, tuyên truyền về phòng, chống tham nhũng, tiêu cực đến đảng viên, người lao động và Nhân dân đạt hiệu quả?",
    ],
    links: [EBOOK],
  },
  // Part 2, pp. 207–522: 22 articles and speeches; 5 themes on building and rectifying the Party, 3 on
  // "Rèn luyện suốt đời, thường xuyên tự soi, tự sửa", and the key message. Six readings:
  // 207–259, 260–312, 313–365, 366–418, 419–470, 471–522 (ESTIMATE).
  {
    code: "P2.1",
    part: 2,
    partTitle: PART_2,
    title: "Bản chất của Đảng; xây dựng, chỉnh đốn Đảng trong sạch, vững mạnh",
    pageStart: 207,
    pageEnd: 259, // ESTIMATE
    pagesEstimated: true,
    summary:
      "Phần thứ hai tuyển chọn 22 bài viết, bài phát biểu của đồng chí Nguyễn Phú Trọng về công tác xây dựng, chỉnh đốn Đảng và việc tu dưỡng, rèn luyện đạo đức, lối sống của cán bộ, đảng viên. Các bài viết làm rõ bản chất của Đảng và yêu cầu xây dựng, chỉnh đốn Đảng trong sạch, vững mạnh. Vấn đề căn cơ của phòng, chống tham nhũng, tiêu cực là phòng ngừa từ sớm, từ xa, mà trọng tâm là xây dựng, chỉnh đốn Đảng.",
    prompts: [
      "Bản chất của Đảng được thể hiện như thế nào qua phẩm chất, việc làm của mỗi đảng viên trong chi bộ?",
      "Vì sao xây dựng, chỉnh đốn Đảng là trọng tâm để phòng ngừa tham nhũng, tiêu cực từ sớm, từ xa?",
      "Chi bộ cần làm gì để nâng cao chất lượng sinh hoạt, giữ nghiêm kỷ luật, kỷ cương theo Kết luận số 21-KL/TW của Ban Chấp hành Trung ương?",
    ],
    links: [EBOOK],
  },
  {
    code: "P2.2",
    part: 2,
    partTitle: PART_2,
    title: "Xây dựng đội ngũ cán bộ trong sạch, liêm khiết",
    pageStart: 260,
    pageEnd: 312, // ESTIMATE
    pagesEstimated: true,
    summary:
      "Các bài viết nhấn mạnh yêu cầu xây dựng đội ngũ cán bộ trong sạch, liêm khiết, gắn với bài học kinh nghiệm “chú trọng công tác cán bộ” rút ra từ thực tiễn phòng, chống tham nhũng, tiêu cực. Cán bộ phải được tu dưỡng, rèn luyện đạo đức, lối sống, nâng cao năng lực, trình độ. Người đứng đầu và tập thể lãnh đạo phải gương mẫu, nói đi đôi với làm.",
    prompts: [
      "Người cán bộ trong sạch, liêm khiết ở cơ quan, đơn vị mình cần có những phẩm chất gì?",
      "Công tác nhận xét, đánh giá, quy hoạch cán bộ ở chi bộ đã thực chất hay chưa? Cần khắc phục điều gì?",
      "Mỗi đảng viên tự rèn luyện như thế nào để giữ mình trong sạch trước cám dỗ vật chất?",
    ],
    links: [EBOOK],
  },
  {
    code: "P2.3",
    part: 2,
    partTitle: PART_2,
    title: "Chống tham nhũng, tiêu cực và đổi mới phương thức lãnh đạo của Đảng",
    pageStart: 313,
    pageEnd: 365, // ESTIMATE
    pagesEstimated: true,
    summary:
      "Các bài viết gắn chống tham nhũng, tiêu cực với công tác xây dựng, chỉnh đốn Đảng và với đổi mới phương thức lãnh đạo của Đảng. Phòng ngừa tham nhũng, tiêu cực phải từ sớm, từ xa, cả ngọn lẫn gốc. Nội dung này gắn với bài học tăng cường kiểm soát quyền lực và yêu cầu phát huy vai trò gương mẫu, quyết liệt của người đứng đầu và tập thể lãnh đạo.",
    prompts: [
      "Hiểu như thế nào về phòng ngừa tham nhũng, tiêu cực “cả ngọn lẫn gốc”? Ở cơ quan, đơn vị mình “gốc” của tiêu cực thường nằm ở đâu?",
      "Chi bộ cần đổi mới cách lãnh đạo nhiệm vụ chính trị của cơ quan, đơn vị ra sao để phòng ngừa tiêu cực?",
      "Việc thực hiện nguyên tắc tập trung dân chủ, tự phê bình và phê bình trong chi bộ đã góp phần phòng, chống tham nhũng, tiêu cực như thế nào?",
    ],
    links: [EBOOK],
  },
  {
    code: "P2.4",
    part: 2,
    partTitle: PART_2,
    title: "Tự soi, tự sửa: nhận diện các biểu hiện, hành vi tiêu cực của cán bộ, đảng viên",
    pageStart: 366,
    pageEnd: 418, // ESTIMATE
    pagesEstimated: true,
    summary:
      "Về việc “Rèn luyện suốt đời, thường xuyên tự soi, tự sửa”, tác phẩm chỉ ra các biểu hiện, hành vi tiêu cực của cán bộ, đảng viên như sợ trách nhiệm, móc ngoặc, tham ô, làm xiếc, “một sự thật nhức nhối”. Nhận diện đúng các biểu hiện đó là điều kiện để mỗi cán bộ, đảng viên tự soi, tự sửa. Đây cũng là cơ sở để đấu tranh phòng, chống suy thoái về tư tưởng chính trị, đạo đức, lối sống, “tự diễn biến”, “tự chuyển hóa” trong nội bộ.",
    prompts: [
      "Những biểu hiện sợ trách nhiệm, né tránh, đùn đẩy có còn ở cơ quan, đơn vị mình không? Nguyên nhân và cách khắc phục?",
      "Mỗi đồng chí tự soi, tự sửa những điểm nào của bản thân sau khi nghiên cứu nội dung này?",
      "Chi bộ cần làm gì để phát hiện sớm và đấu tranh với các biểu hiện “tự diễn biến”, “tự chuyển hóa” trong nội bộ?",
    ],
    links: [EBOOK],
  },
  {
    code: "P2.5",
    part: 2,
    partTitle: PART_2,
    title: "Giá trị đích thực của người cán bộ, đảng viên: uy tín",
    pageStart: 419,
    pageEnd: 470, // ESTIMATE
    pagesEstimated: true,
    summary:
      "Tác phẩm chỉ ra giá trị đích thực của người cán bộ, đảng viên là uy tín. Các bài viết phân tích mối quan hệ giữa chức vụ và uy tín, và cái làm nên uy tín của đảng viên. Từ đó, mỗi cán bộ, đảng viên phải thường xuyên tu dưỡng, rèn luyện đạo đức, lối sống, nâng cao năng lực, trình độ để giữ gìn uy tín.",
    prompts: [
      "Cái làm nên uy tín của người đảng viên ở cơ quan, đơn vị và nơi cư trú là gì?",
      "Vì sao có người giữ chức vụ cao nhưng không có uy tín? Bài học rút ra cho chi bộ mình là gì?",
      "Mỗi đảng viên cần làm gì để giữ gìn và nâng cao uy tín của bản thân và của chi bộ?",
    ],
    links: [EBOOK],
  },
  {
    code: "P2.6",
    part: 2,
    partTitle: PART_2,
    title: "Mọi thành bại đều do con người; thông điệp phòng ngừa từ sớm, từ xa",
    pageStart: 471,
    pageEnd: 522, // ESTIMATE
    pagesEstimated: true,
    summary:
      "Tác phẩm khẳng định chân lý: suy cho cùng mọi thành bại đều do con người; sự nghiệp cách mạng thành bại cũng chủ yếu do cán bộ, đảng viên. Từ đó nhắc nhở, yêu cầu cán bộ, đảng viên phải thường xuyên tu dưỡng, rèn luyện đạo đức, lối sống, nâng cao năng lực, trình độ. Thông điệp rút ra là: “Vấn đề căn cơ trong đấu tranh phòng, chống tham nhũng, tiêu cực là phòng ngừa từ xa, từ sớm, mà trọng tâm là xây dựng, chỉnh đốn Đảng và đặc biệt là phòng, chống suy thoái về tư tưởng chính trị, đạo đức, lối sống trong cán bộ, đảng viên để trị tận gốc tham nhũng, tiêu cực”.",
    prompts: [
      "Hiểu như thế nào về chân lý “mọi thành bại đều do con người”? Liên hệ với kết quả thực hiện nhiệm vụ của chi bộ, cơ quan, đơn vị mình.",
      "Mỗi đảng viên xây dựng kế hoạch tu dưỡng, rèn luyện đạo đức, lối sống, nâng cao năng lực, trình độ như thế nào?",
      "Chi bộ cần làm gì để phòng, chống suy thoái về tư tưởng chính trị, đạo đức, lối sống của đảng viên “từ sớm, từ xa”?",
    ],
    links: [EBOOK],
  },
  // Part 3, pp. 523–619: 96 opinions of citizens, National Assembly deputies and foreign politicians and
  // scholars, on three focal points. Three readings: 523–554, 555–587, 588–619 (ESTIMATE; the book groups the
  // opinions by who gives them, not by focal point).
  {
    code: "P3.1",
    part: 3,
    partTitle: PART_3,
    title: "Vai trò to lớn và uy tín rất cao của đồng chí Tổng Bí thư, Trưởng Ban Chỉ đạo",
    pageStart: 523,
    pageEnd: 554, // ESTIMATE
    pagesEstimated: true,
    summary:
      "Phần thứ ba tuyển chọn 96 trên tổng số hàng vạn ý kiến của các tầng lớp nhân dân, đại biểu Quốc hội và của chính khách, học giả nước ngoài. Các ý kiến khẳng định vai trò to lớn và uy tín rất cao của đồng chí Tổng Bí thư, Trưởng Ban Chỉ đạo Trung ương về phòng, chống tham nhũng, tiêu cực. Các ý kiến ghi nhận sự nhất quán giữa nói và làm, sự kiên trì đấu tranh không ngừng nghỉ của đồng chí Tổng Bí thư.",
    prompts: [
      "Qua các ý kiến trong tác phẩm, đồng chí ấn tượng nhất với nhận định nào về vai trò của đồng chí Tổng Bí thư? Vì sao?",
      "Tấm gương kiên quyết, kiên trì, nói đi đôi với làm của đồng chí Tổng Bí thư gợi cho người đứng đầu và đảng viên trong chi bộ những bài học gì?",
    ],
    links: [EBOOK],
  },
  {
    code: "P3.2",
    part: 3,
    partTitle: PART_3,
    title: "Niềm tin, sự đồng tình, ủng hộ của Nhân dân và bạn bè quốc tế",
    pageStart: 555,
    pageEnd: 587, // ESTIMATE
    pagesEstimated: true,
    summary:
      "Các ý kiến bày tỏ sự tin tưởng, đồng tình, ủng hộ của các tầng lớp nhân dân đối với cuộc đấu tranh phòng, chống tham nhũng, tiêu cực dưới sự lãnh đạo của Đảng và đồng chí Tổng Bí thư. Đại biểu Quốc hội, chính khách, học giả nước ngoài đánh giá cao công tác phòng, chống tham nhũng, tiêu cực ở Việt Nam. Đây là sự “trên dưới đồng lòng, dọc ngang thông suốt”, củng cố niềm tin của cán bộ, đảng viên và Nhân dân vào sự lãnh đạo của Đảng.",
    prompts: [
      "Niềm tin của Nhân dân nơi mình công tác, sinh sống đối với công cuộc phòng, chống tham nhũng, tiêu cực thể hiện như thế nào?",
      "Chi bộ và mỗi đảng viên cần làm gì để củng cố niềm tin đó và đấu tranh, phản bác các quan điểm sai trái, luận điệu xuyên tạc của các thế lực thù địch?",
      "Làm thế nào để “trên dưới đồng lòng, dọc ngang thông suốt” trong thực hiện nhiệm vụ ở cơ quan, đơn vị?",
    ],
    links: [EBOOK],
  },
  {
    code: "P3.3",
    part: 3,
    partTitle: PART_3,
    title: "Kiên quyết, kiên trì chống “giặc nội xâm” đến cùng: trách nhiệm chung của toàn xã hội",
    pageStart: 588,
    pageEnd: 619, // ESTIMATE
    pagesEstimated: true,
    summary:
      "Các ý kiến mong muốn, đòi hỏi cuộc đấu tranh phòng, chống tham nhũng, tiêu cực không dừng, không nghỉ mà phải kiên quyết, kiên trì chống “giặc nội xâm” đến cùng. Các ý kiến khẳng định: “Quyết tâm đấu tranh phòng, chống tham nhũng, tiêu cực không chỉ là nhiệm vụ và trách nhiệm của các cơ quan chuyên trách mà đã trở thành mối quan tâm chung, hành động chung của các tầng lớp nhân dân, cán bộ, đảng viên và cả bạn bè quốc tế”.",
    prompts: [
      "Phòng, chống tham nhũng, tiêu cực là “hành động chung”: mỗi đảng viên, công chức, người lao động có thể góp phần bằng những việc làm cụ thể nào?",
      "Chi bộ cần làm gì để phát huy vai trò giám sát của Nhân dân, Mặt trận Tổ quốc và các đoàn thể đối với cán bộ, đảng viên?",
      "Chi bộ cam kết những việc gì để đợt sinh hoạt này được thực hiện thường xuyên, không hình thức, chiếu lệ?",
    ],
    links: [EBOOK],
  },
];

/**
 * Campaign months. Seed 000 holds the introduction conference in May 2023 and then takes one topic of the
 * book in each monthly branch meeting, so the first monthly topic is studied in June 2023. Seed 001 runs the
 * campaign "thường xuyên cho đến lúc sơ kết vào tháng 11/2025" (its review conference for 2023–2025 is in
 * August 2025, and seed 003's last review report is due 10/11/2025), so the last month is November 2025.
 */
