// The closed set of error codes that may cross the API boundary, their Vietnamese messages, and the Wire envelope.
// Runtime-neutral: used by the core (to throw), the hosts (to map to HTTP status) and the renderer (to show).

export const ERROR_CODES = [
  'invalid_input',
  'not_found',
  'unauthenticated',
  'forbidden',
  'password_change_required',
  'invalid_credentials',
  'account_locked',
  'account_disabled',
  'account_suspended',
  'account_revoked',
  'weak_password',
  'password_reused',
  'conflict',
  'already_initialized',
  'not_initialized',
  'payload_too_large',
  'db_too_new',
  'last_admin',
  'secret_document',
  'unsupported_file_type',
  'file_too_large',
  'blob_corrupt',
  'duplicate_document',
  'already_voided',
  'import_rejected',
  'internal',
  'too_many_attempts',
  'stale_version',
  'has_open_tasks',
  'document_frozen',
  'invalid_state',
  'pin_incorrect',
  'pin_locked',
  'token_absent',
  'token_error',
  'certificate_unusable',
  'pdf_unreadable',
  'signing_failed',
  'timestamp_unavailable',
  'remote_sign_timeout',
  'remote_sign_refused',
  'remote_sign_error',
  'ocr_unavailable',
  'ocr_failed',
  'scanner_not_found',
  'scanner_empty',
  'scanner_jammed',
  'scanner_busy',
  'scanner_failed',
  'scanner_unavailable',
  'file_code_taken',
  'file_closed',
  'file_not_ready',
  'retention_not_ended',
  'content_disposed',
  'schedule_outside_week',
  'schedule_time_invalid',
  'invalid_period',
  'backup_dest_full',
  'backup_dest_unavailable',
  'backup_dest_invalid',
  'backup_corrupt',
  'backup_wrong_passphrase',
  'backup_passphrase_required',
  'backup_running',
  'restore_target_not_empty',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** One invalid field: `path` is dotted (`signer.name`), `message` is Vietnamese. */
export interface FieldIssue {
  path: string;
  message: string;
}

export interface WireError {
  code: ErrorCode;
  message: string;
  fields?: FieldIssue[];
  details?: Record<string, unknown>;
}

export type Wire<T> = { ok: true; value: T } | { ok: false; error: WireError };

/** The one place where codes become words a clerk reads. */
export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  invalid_input: 'Dữ liệu nhập chưa hợp lệ.',
  not_found: 'Không tìm thấy dữ liệu yêu cầu.',
  unauthenticated: 'Phiên làm việc đã hết hạn hoặc chưa đăng nhập. Vui lòng đăng nhập lại.',
  forbidden: 'Bạn không có quyền thực hiện thao tác này.',
  password_change_required: 'Bạn cần đổi mật khẩu trước khi tiếp tục làm việc.',
  invalid_credentials: 'Tên đăng nhập hoặc mật khẩu không đúng.',
  account_locked: 'Tài khoản tạm bị khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau.',
  account_disabled: 'Tài khoản đã bị vô hiệu hóa. Vui lòng liên hệ quản trị hệ thống.',
  account_suspended: 'Tài khoản bị tạm ngừng vì không sử dụng quá 6 tháng. Vui lòng liên hệ quản trị hệ thống để mở lại.',
  account_revoked: 'Tài khoản đã bị thu hồi và không thể sử dụng lại. Cần có đề nghị cấp tài khoản mới.',
  weak_password: 'Mật khẩu chưa đáp ứng yêu cầu an toàn.',
  password_reused: 'Mật khẩu mới không được trùng mật khẩu đã dùng gần đây.',
  conflict: 'Dữ liệu xung đột với dữ liệu đã có.',
  already_initialized: 'Cơ quan đã được thiết lập trước đó.',
  not_initialized: 'Hệ thống chưa được thiết lập lần đầu.',
  payload_too_large: 'Dữ liệu gửi lên vượt quá dung lượng cho phép.',
  db_too_new: 'Cơ sở dữ liệu được tạo bởi phiên bản VănThư mới hơn phiên bản đang chạy. Vui lòng cập nhật phần mềm; dữ liệu không bị thay đổi.',
  last_admin: 'Không thể thực hiện: hệ thống phải luôn còn ít nhất một quản trị đang hoạt động.',
  secret_document: 'Không được nhập văn bản mật (Mật, Tối mật, Tuyệt mật) vào hệ thống. Văn bản mật phải được quản lý, đăng ký riêng theo quy định bảo vệ bí mật nhà nước.',
  unsupported_file_type: 'Định dạng tệp không được phép.',
  file_too_large: 'Tệp vượt quá dung lượng cho phép.',
  blob_corrupt: 'Tệp lưu trữ bị hỏng hoặc đã bị thay đổi; hệ thống không mở tệp này.',
  duplicate_document: 'Văn bản này có thể đã được vào sổ.',
  already_voided: 'Văn bản đã bị hủy số trước đó.',
  import_rejected: 'Tệp nhập có dòng không hợp lệ; chưa nhập dòng nào.',
  internal: 'Đã xảy ra lỗi hệ thống. Vui lòng thử lại hoặc báo quản trị.',
  too_many_attempts: 'Đăng nhập sai nhiều lần từ máy này. Vui lòng chờ một lát rồi thử lại.',
  stale_version: 'Dự thảo đã được sửa thành phiên bản mới sau khi bạn mở; hãy xem phiên bản mới trước khi duyệt.',
  has_open_tasks: 'Còn việc đang xử lý gắn với mục này; hãy hoàn thành hoặc giao lại trước.',
  document_frozen: 'Văn bản đã bị thu hồi và được giữ nguyên, không sửa được.',
  invalid_state: 'Văn bản không ở bước cho phép thao tác này.',
  pin_incorrect: 'Mã PIN không đúng.',
  pin_locked: 'Thiết bị ký số (token) đã bị khóa do nhập sai mã PIN quá số lần cho phép. Hãy liên hệ tổ chức cung cấp chứng thư số để mở khóa.',
  token_absent: 'Không tìm thấy thiết bị ký số (token). Hãy cắm token vào máy rồi thử lại; văn bản chưa bị thay đổi.',
  token_error: 'Thiết bị ký số báo lỗi; văn bản chưa bị thay đổi. Hãy rút token ra, cắm lại rồi thử lại.',
  certificate_unusable: 'Chứng thư số không dùng được để ký (hết hạn, chưa có hiệu lực, bị thu hồi hoặc không cho phép ký).',
  pdf_unreadable: 'Không đọc được cấu trúc tệp PDF; tệp có thể bị hỏng.',
  signing_failed: 'Ký số không thành công; văn bản chưa bị thay đổi.',
  timestamp_unavailable: 'Không lấy được dấu thời gian từ máy chủ cấp dấu thời gian (TSA).',
  remote_sign_timeout: 'Hết thời gian chờ xác nhận ký trên điện thoại; văn bản chưa được ký.',
  remote_sign_refused: 'Yêu cầu ký đã bị từ chối trên điện thoại; văn bản chưa được ký.',
  remote_sign_error: 'Dịch vụ ký số từ xa báo lỗi; văn bản chưa được ký.',
  ocr_unavailable: 'Máy này chưa có bộ nhận dạng chữ (OCR) dùng được; trang quét vẫn được lưu, chỉ chưa đọc được chữ.',
  ocr_failed: 'Không nhận dạng được chữ trên trang này; trang quét vẫn được lưu.',
  scanner_not_found: 'Không tìm thấy máy quét. Hãy kiểm tra máy quét đã bật và cắm cáp vào máy tính, rồi bấm "Tìm lại máy quét".',
  scanner_empty: 'Khay nạp giấy không có giấy. Đặt giấy vào khay rồi quét lại.',
  scanner_jammed: 'Máy quét bị kẹt giấy. Gỡ tờ giấy bị kẹt ra rồi quét tiếp các trang còn lại.',
  scanner_busy: 'Máy quét đang được chương trình khác sử dụng. Hãy đóng chương trình đó (hoặc chờ lượt quét kia xong) rồi thử lại.',
  scanner_failed: 'Máy quét báo lỗi. Hãy tắt máy quét, bật lại rồi quét lại; nếu vẫn lỗi, báo quản trị kèm nội dung lỗi.',
  scanner_unavailable: 'Máy tính này chưa có phần điều khiển máy quét. Hãy báo quản trị cài đặt; trong lúc chờ có thể quét vào thư mục theo dõi.',
  file_code_taken: 'Số và ký hiệu hồ sơ này đã có trong năm; hãy chọn số khác.',
  file_closed: 'Hồ sơ đã đóng hoặc đã nộp lưu nên không sửa được; chỉ bộ phận lưu trữ được thao tác trên hồ sơ này.',
  file_not_ready: 'Hồ sơ chưa đủ điều kiện để đóng.',
  retention_not_ended: 'Hồ sơ chưa hết thời hạn bảo quản nên không được tiêu hủy.',
  content_disposed: 'Nội dung tài liệu đã được tiêu hủy theo quyết định; chỉ còn thông tin mô tả.',
  schedule_outside_week: 'Ngày của mục lịch phải nằm trong tuần đang soạn (từ thứ Hai đến Chủ nhật).',
  schedule_time_invalid: 'Thời gian của mục lịch chưa hợp lệ: nhập giờ bắt đầu (giờ kết thúc phải sau giờ bắt đầu), hoặc chọn buổi sáng, chiều, cả ngày.',
  invalid_period: 'Kỳ báo cáo không hợp lệ: ngày bắt đầu phải trước ngày kết thúc và kỳ không dài quá 10 năm.',
  backup_dest_full: 'Ổ đĩa đích đã đầy: không đủ chỗ cho bản sao lưu. Các bản sao lưu trước vẫn còn nguyên; hãy giải phóng chỗ hoặc chọn ổ khác rồi sao lưu lại.',
  backup_dest_unavailable:
    'Không ghi được vào thư mục sao lưu (ổ USB bị rút, ổ mạng mất kết nối hoặc không có quyền ghi). Các bản sao lưu trước vẫn còn nguyên; hãy kiểm tra ổ đĩa rồi sao lưu lại.',
  backup_dest_invalid: 'Thư mục sao lưu không dùng được.',
  backup_corrupt: 'Bản sao lưu bị hỏng hoặc đã bị thay đổi; không phục hồi từ bản này.',
  backup_wrong_passphrase: 'Mật khẩu giải mã bản sao lưu không đúng.',
  backup_passphrase_required: 'Bản sao lưu được mã hóa: cần nhập mật khẩu giải mã.',
  backup_running: 'Đang có một lượt sao lưu chạy; hãy chờ lượt đó xong.',
  restore_target_not_empty: 'Thư mục phục hồi phải là thư mục mới hoặc thư mục trống; không phục hồi đè lên dữ liệu đang có.',
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields?: FieldIssue[];
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message?: string, extra: { fields?: FieldIssue[]; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message ?? ERROR_MESSAGES[code], extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'AppError';
    this.code = code;
    this.fields = extra.fields;
    this.details = extra.details;
  }

  toWire(): WireError {
    const e: WireError = { code: this.code, message: this.message };
    if (this.fields?.length) e.fields = this.fields;
    if (this.details) e.details = this.details;
    return e;
  }
}

/** HTTP status for each code; the body is always the Wire envelope. */
export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case 'invalid_input':
    case 'weak_password':
    case 'password_reused':
    case 'secret_document':
    case 'unsupported_file_type':
    case 'import_rejected':
    case 'schedule_outside_week':
    case 'schedule_time_invalid':
    case 'invalid_period':
      return 400;
    case 'unauthenticated':
    case 'invalid_credentials':
      return 401;
    case 'forbidden':
    case 'password_change_required':
    case 'account_locked':
    case 'account_disabled':
    case 'account_suspended':
    case 'account_revoked':
    case 'last_admin':
      return 403;
    case 'not_found':
    case 'scanner_not_found':
      return 404;
    case 'conflict':
    case 'already_initialized':
    case 'not_initialized':
    case 'duplicate_document':
    case 'already_voided':
    case 'stale_version':
    case 'has_open_tasks':
    case 'document_frozen':
    case 'invalid_state':
    case 'scanner_empty': // the request was right; the paper or the device is not (no paper, a jam, another program scanning)
    case 'scanner_jammed':
    case 'scanner_busy':
    case 'file_code_taken':
    case 'file_closed':
    case 'file_not_ready':
    case 'retention_not_ended':
    case 'backup_running':
    case 'restore_target_not_empty':
      return 409;
    case 'content_disposed':
      return 410;
    case 'payload_too_large':
    case 'file_too_large':
      return 413;
    case 'pin_incorrect':
    case 'pin_locked':
    case 'certificate_unusable':
    case 'pdf_unreadable':
    case 'remote_sign_refused':
    case 'backup_dest_invalid':
    case 'backup_corrupt':
    case 'backup_wrong_passphrase':
    case 'backup_passphrase_required':
      return 422;
    case 'token_absent':
    case 'token_error':
    case 'signing_failed':
    case 'timestamp_unavailable':
    case 'remote_sign_timeout':
    case 'remote_sign_error':
    case 'ocr_unavailable':
    case 'scanner_failed':
    case 'scanner_unavailable':
    case 'backup_dest_full':
    case 'backup_dest_unavailable':
      return 503;
    case 'db_too_new':
    case 'blob_corrupt':
    case 'internal':
    case 'ocr_failed':
      return 500;
    case 'too_many_attempts':
      return 429;
  }
}
