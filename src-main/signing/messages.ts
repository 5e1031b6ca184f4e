// The Vietnamese words of signature validation: one sentence per ETSI EN 319 102-1 result (what it means and the
// next step) and the whole-file summary. Text only (NFC); the decisions are validate.ts's.
import type { MainIndication, SignatureCheck, SubIndication, VerificationReport } from './types';

export type MessageKey = SubIndication | 'PASSED' | 'PASSED_DOC_TIMESTAMP' | 'CHANGED_AFTER' | 'REVOCATION_UNAVAILABLE';

const MESSAGES: Record<MessageKey, string> = {
  PASSED: 'Chữ ký số hợp lệ: văn bản không bị thay đổi sau khi ký và chứng thư số của người ký được tin cậy.',
  PASSED_DOC_TIMESTAMP: 'Dấu thời gian của văn bản hợp lệ: văn bản đã tồn tại nguyên vẹn từ thời điểm đóng dấu.',
  CHANGED_AFTER: 'Chữ ký hợp lệ với phần văn bản đã ký, nhưng văn bản đã bị sửa nội dung sau khi ký — hãy mở phiên bản đã ký để đối chiếu và đề nghị nơi gửi xác nhận.',
  REVOCATION_UNAVAILABLE: 'Không kiểm tra được tình trạng thu hồi của chứng thư số — hãy báo quản trị kiểm tra địa chỉ danh sách thu hồi của tổ chức cấp.',
  FORMAT_FAILURE: 'Chữ ký số bị lỗi định dạng, không kiểm tra được — chữ ký không có giá trị; hãy đề nghị nơi gửi ký và gửi lại.',
  HASH_FAILURE: 'Nội dung văn bản đã bị thay đổi sau khi ký — chữ ký không còn giá trị; hãy đề nghị nơi gửi gửi lại bản gốc.',
  SIG_CRYPTO_FAILURE: 'Giá trị chữ ký số không đúng với chứng thư của người ký — chữ ký không có giá trị; hãy đề nghị nơi gửi ký lại.',
  REVOKED: 'Chứng thư số của người ký đã bị thu hồi trước thời điểm ký — chữ ký không có giá trị; hãy liên hệ nơi gửi.',
  SIG_CONSTRAINTS_FAILURE: 'Chứng thư số của người ký không được phép dùng để ký văn bản — hãy đề nghị nơi gửi ký bằng chứng thư ký số.',
  CHAIN_CONSTRAINTS_FAILURE: 'Chuỗi chứng thư số không đúng quy tắc (chứng thư trung gian không được phép cấp chứng thư) — hãy báo quản trị kiểm tra.',
  CERTIFICATE_CHAIN_GENERAL_FAILURE: 'Không kiểm tra được chuỗi chứng thư số của người ký — hãy báo quản trị kiểm tra.',
  CRYPTO_CONSTRAINTS_FAILURE: 'Chữ ký dùng thuật toán hoặc khóa không còn an toàn — hãy đề nghị nơi gửi ký lại.',
  EXPIRED: 'Chứng thư số của người ký đã hết hạn — hãy đề nghị nơi gửi ký lại bằng chứng thư còn hiệu lực.',
  NOT_YET_VALID: 'Chứng thư số của người ký chưa có hiệu lực tại thời điểm kiểm tra — hãy kiểm tra đồng hồ máy tính hoặc đề nghị nơi gửi ký lại.',
  NO_SIGNING_CERTIFICATE_FOUND: 'Không tìm thấy chứng thư số của người ký trong chữ ký — chưa xác định được ai đã ký; hãy đề nghị nơi gửi ký lại.',
  NO_CERTIFICATE_CHAIN_FOUND:
    'Chứng thư số của người ký không thuộc tổ chức cấp được tin cậy — quản trị cần nhập chứng thư gốc của tổ chức cấp nếu đó là tổ chức cung cấp dịch vụ chứng thực hợp pháp.',
  REVOKED_NO_POE: 'Chứng thư số của người ký đã bị thu hồi và không có dấu thời gian chứng minh văn bản được ký trước đó — chưa thể công nhận chữ ký; hãy liên hệ nơi gửi.',
  REVOKED_CA_NO_POE: 'Chứng thư của tổ chức cấp đã bị thu hồi và không có dấu thời gian chứng minh thời điểm ký — chưa thể công nhận chữ ký; hãy báo quản trị.',
  OUT_OF_BOUNDS_NO_POE:
    'Chứng thư số của người ký đã hết hạn và chữ ký không có dấu thời gian chứng minh được ký khi còn hiệu lực — chưa thể công nhận chữ ký; hãy đề nghị nơi gửi ký lại.',
  OUT_OF_BOUNDS_NOT_REVOKED: 'Chứng thư số đã hết hạn nhưng chưa bị thu hồi; thiếu dấu thời gian để khẳng định thời điểm ký — hãy đề nghị nơi gửi ký lại.',
  CRYPTO_CONSTRAINTS_FAILURE_NO_POE: 'Chữ ký dùng thuật toán băm hoặc khóa yếu (SHA-1 hoặc RSA dưới 2048 bit) — chưa thể công nhận chữ ký; hãy đề nghị nơi gửi ký lại.',
  NO_POE: 'Thiếu bằng chứng về thời điểm ký — chưa thể công nhận chữ ký.',
  TRY_LATER: 'Chưa kiểm tra được thu hồi vì đang ngoại tuyến — sẽ kiểm tra lại khi có mạng.',
  SIGNED_DATA_NOT_FOUND: 'Không tìm thấy phần dữ liệu được ký — chữ ký không kiểm tra được.',
};

export function message(key: MessageKey): string {
  return MESSAGES[key].normalize('NFC');
}

const RANK: Record<MainIndication, number> = { TOTAL_PASSED: 0, INDETERMINATE: 1, TOTAL_FAILED: 2 };

export function worst(checks: SignatureCheck[]): MainIndication | 'UNSIGNED' {
  if (checks.length === 0) return 'UNSIGNED';
  return checks.reduce<MainIndication>((w, c) => (RANK[c.indication] > RANK[w] ? c.indication : w), 'TOTAL_PASSED');
}

/** The report of a whole file: worst indication and one sentence. */
export function summarise(checks: SignatureCheck[], sha256: string, online: boolean, now: number): VerificationReport {
  const overall = worst(checks);
  const sigs = checks.filter((c) => c.kind === 'signature');
  const stamps = checks.length - sigs.length;
  const what = `${sigs.length} chữ ký số${stamps ? ` và ${stamps} dấu thời gian` : ''}`;
  let summary: string;
  if (overall === 'UNSIGNED') summary = 'Văn bản không có chữ ký số.';
  else if (overall === 'TOTAL_PASSED') summary = `Văn bản có ${what}, tất cả đều hợp lệ.`;
  else if (overall === 'TOTAL_FAILED') {
    const bad = checks.filter((c) => c.indication === 'TOTAL_FAILED').length;
    summary = `Văn bản có ${what}, trong đó ${bad} không hợp lệ — không dùng văn bản này khi chưa xác minh lại với nơi gửi.`;
  } else {
    const unsure = checks.filter((c) => c.indication === 'INDETERMINATE');
    const onlyOffline = unsure.every((c) => c.subIndication === 'TRY_LATER');
    summary = onlyOffline
      ? `Văn bản có ${what}; chưa kiểm tra được thu hồi vì đang ngoại tuyến — sẽ kiểm tra lại khi có mạng.`
      : `Văn bản có ${what}; ${unsure.length} chưa xác định được giá trị — xem chi tiết từng chữ ký.`;
    if (!online && !onlyOffline) summary += ' Máy đang ngoại tuyến nên chưa kiểm tra được thu hồi.';
  }
  return { sha256, checkedAt: now, online, signatures: checks, overall, summary: summary.normalize('NFC') };
}
