// A generated routing history for the suggestion (issue 9 §5a): subjects drawn from topics, each topic usually
// handled by one unit under one leader within a usual number of working days, with noise (a share of documents
// routed elsewhere) and issuers that send on several topics. Used by the service test and the bench alike.

export interface Topic {
  unit: string;
  leader: 0 | 1;
  days: number;
  phrases: string[];
  issuers: string[];
}

/** Most issuers here write on one topic; the district People's Committee writes on all of them. */
export const TOPICS: Topic[] = [
  {
    unit: 'Địa chính - Xây dựng',
    leader: 0,
    days: 10,
    phrases: ['giải phóng mặt bằng', 'bồi thường hỗ trợ tái định cư', 'thu hồi đất', 'cấp giấy chứng nhận quyền sử dụng đất', 'vi phạm trật tự xây dựng'],
    issuers: ['Sở Tài nguyên và Môi trường tỉnh Hà Nam', 'Ủy ban nhân dân huyện Kim Bảng', 'Phòng Tài nguyên và Môi trường huyện'],
  },
  {
    unit: 'Tư pháp - Hộ tịch',
    leader: 0,
    days: 5,
    phrases: ['chứng thực bản sao', 'đăng ký hộ tịch', 'phổ biến giáo dục pháp luật', 'hòa giải ở cơ sở', 'kiểm tra văn bản quy phạm pháp luật'],
    issuers: ['Phòng Tư pháp huyện Kim Bảng', 'Ủy ban nhân dân huyện Kim Bảng', 'Sở Tư pháp tỉnh Hà Nam'],
  },
  {
    unit: 'Văn hóa - Xã hội',
    leader: 1,
    days: 7,
    phrases: ['rà soát hộ nghèo hộ cận nghèo', 'chi trả trợ cấp bảo trợ xã hội', 'thăm hỏi người có công', 'bảo vệ chăm sóc trẻ em', 'xây dựng gia đình văn hóa'],
    issuers: ['Phòng Lao động - Thương binh và Xã hội huyện', 'Ủy ban nhân dân huyện Kim Bảng', 'Phòng Văn hóa và Thông tin huyện'],
  },
  {
    unit: 'Tài chính - Kế toán',
    leader: 0,
    days: 3,
    phrases: ['lập dự toán ngân sách', 'quyết toán kinh phí', 'quản lý tài sản công', 'thu chi ngân sách xã', 'giải ngân vốn đầu tư công'],
    issuers: ['Phòng Tài chính - Kế hoạch huyện', 'Ủy ban nhân dân huyện Kim Bảng', 'Kho bạc Nhà nước Kim Bảng'],
  },
  {
    unit: 'Quân sự - Công an',
    leader: 1,
    days: 5,
    phrases: ['tuyển chọn gọi công dân nhập ngũ', 'nghĩa vụ quân sự', 'bảo đảm an ninh trật tự', 'phòng cháy chữa cháy', 'huấn luyện dân quân tự vệ'],
    issuers: ['Ban Chỉ huy Quân sự huyện Kim Bảng', 'Công an huyện Kim Bảng', 'Ủy ban nhân dân huyện Kim Bảng'],
  },
  {
    unit: 'Y tế - Giáo dục',
    leader: 1,
    days: 10,
    phrases: ['tiêm chủng mở rộng', 'phòng chống dịch sốt xuất huyết', 'bảo đảm an toàn thực phẩm', 'phổ cập giáo dục', 'y tế học đường'],
    issuers: ['Trung tâm Y tế huyện Kim Bảng', 'Ủy ban nhân dân huyện Kim Bảng', 'Phòng Giáo dục và Đào tạo huyện'],
  },
];

const PREFIXES = ['Về việc', 'Kế hoạch', 'Hướng dẫn', 'Đôn đốc', 'Báo cáo kết quả', 'Triển khai'];
const PLACES = ['năm 2026', 'quý IV năm 2026', 'trên địa bàn xã', 'đợt 2', 'tháng 11', 'giai đoạn 2026-2030', 'thôn Yên Lạc', 'thôn Đồng Sơn'];

/** A seeded generator (mulberry32): the same history on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

export interface HistoryDoc {
  topic: number;
  subject: string;
  issuer: string;
  /** How it was routed: the topic's usual unit, leader and days, or (noise) something else. */
  unit: number;
  leader: 0 | 1;
  days: number;
  noise: boolean;
}

export function historyDoc(r: () => number, noiseShare: number): HistoryDoc {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const topic = Math.floor(r() * TOPICS.length);
  const tp = TOPICS[topic];
  const phrase = pick(tp.phrases);
  const subject = `${pick(PREFIXES)} ${phrase} ${pick(PLACES)}`;
  const issuer = pick(tp.issuers);
  const noise = r() < noiseShare;
  if (!noise) return { topic, subject, issuer, unit: topic, leader: tp.leader, days: tp.days, noise };
  return { topic, subject, issuer, unit: Math.floor(r() * TOPICS.length), leader: r() < 0.5 ? 0 : 1, days: 1 + Math.floor(r() * 15), noise };
}
