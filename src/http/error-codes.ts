/**
 * Every error code the API answers with, declared once: its HTTP status and the Vietnamese title of the
 * problem document. `AppError` and its helpers take a code from here, the error handler reads the title
 * from here, and the OpenAPI `Problem` schema lists these codes as the enum of `code`.
 */
export const ERROR_CODES = {
  invalid_input: { status: 400, title: "Dữ liệu không hợp lệ" },
  bad_request: { status: 400, title: "Yêu cầu không hợp lệ" },
  broken_multipart: { status: 400, title: "Dữ liệu tải lên bị hỏng" },
  unauthorized: { status: 401, title: "Chưa đăng nhập" },
  invalid_credentials: { status: 401, title: "Sai email hoặc mật khẩu" },
  forbidden: { status: 403, title: "Không được phép" },
  csrf: { status: 403, title: "Yêu cầu từ trang khác bị từ chối" },
  not_found: { status: 404, title: "Không tìm thấy" },
  conflict: { status: 409, title: "Xung đột dữ liệu" },
  day_off_unconfirmed: { status: 409, title: "Ngày họp là ngày nghỉ, cần bí thư xác nhận" },
  payload_too_large: { status: 413, title: "Dữ liệu quá lớn" },
  uri_too_long: { status: 414, title: "Đường dẫn quá dài" },
  file_too_large: { status: 413, title: "Tệp quá lớn" },
  too_many_parts: { status: 413, title: "Quá nhiều tệp" },
  unsupported_media_type: { status: 415, title: "Kiểu dữ liệu không được hỗ trợ" },
  unsupported_file_type: { status: 415, title: "Kiểu tệp không được hỗ trợ" },
  too_many_attempts: { status: 429, title: "Quá nhiều yêu cầu" },
  internal: { status: 500, title: "Lỗi hệ thống" },
  database_unavailable: { status: 503, title: "Tạm thời không truy cập được cơ sở dữ liệu" },
  reach_unchecked: { status: 500, title: "Lỗi hệ thống" },
  server_busy: { status: 503, title: "Máy chủ đang bận" },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;
export type StatusOf<C extends ErrorCode> = (typeof ERROR_CODES)[C]["status"];

export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as ErrorCode[];

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}

/** The code for an error the framework raised itself (a bad content type, a body too large, …). */
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 401:
      return "unauthorized";
    case 403:
      return "forbidden";
    case 404:
      return "not_found";
    case 409:
      return "conflict";
    case 413:
      return "payload_too_large";
    case 414:
      return "uri_too_long";
    case 415:
      return "unsupported_media_type";
    case 429:
      return "too_many_attempts";
    default:
      return status >= 500 ? "internal" : "bad_request";
  }
}
