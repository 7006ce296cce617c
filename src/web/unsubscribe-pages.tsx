/**
 * The pages a mail's unsubscribe link opens (RFC 8058): the confirmation with its one-click form, the
 * answer after it, and a link that is not one of ours. The link, not a session, is the authority: they
 * show no one's menu.
 */
import { linkPage } from "./layout.tsx";

export function unsubscribeInvalidPage(): string {
  return linkPage(
    "Đường dẫn không hợp lệ",
    <p>Đường dẫn hủy đăng ký không đúng hoặc đã bị cắt mất một phần. Vui lòng mở lại đường dẫn trong thư.</p>,
  );
}

/** Asks before opting out: a mail scanner that opens the link must not unsubscribe anyone. */
export function unsubscribeFormPage(action: string): string {
  return linkPage(
    "Hủy nhận thư nhắc lịch",
    <>
      <p>Bấm nút dưới đây để không nhận thư nhắc lịch sinh hoạt chi bộ nữa.</p>
      <p>Đồng chí vẫn nhận thông báo khi buổi sinh hoạt được dời lịch hoặc bị hủy.</p>
      <form method="post" action={action}>
        <input type="hidden" name="List-Unsubscribe" value="One-Click" />
        <button type="submit">Hủy nhận thư nhắc lịch</button>
      </form>
    </>,
  );
}

export function unsubscribedPage(fullName: string): string {
  return linkPage(
    "Đã hủy nhận thư nhắc lịch",
    <>
      <p>Đồng chí {fullName} sẽ không nhận thư nhắc lịch nữa.</p>
      <p>
        Thông báo dời lịch hoặc hủy buổi sinh hoạt vẫn được gửi. Muốn nhận lại thư nhắc, xin báo bí thư chi
        bộ.
      </p>
    </>,
  );
}
