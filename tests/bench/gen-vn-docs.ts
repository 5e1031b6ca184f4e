// Deterministic generator of realistic Vietnamese incoming-document metadata (a commune People's Committee's year of
// văn bản đến) for benchmarks and tests, plus old-style Excel/CSV registers (NĐ 30 Phụ lục IV) built from the same data.
// Pure: a seeded PRNG, vocabularies written here, no database and no I/O.

import ExcelJS from 'exceljs';
import { statutoryHolidays, suggestedDays } from '../../src-shared/calendar';
import { formatCode } from '../../src-shared/documents';
import type { ReceivedVia, Urgency } from '../../src-shared/documents';

export interface GeneratedDoc {
  issuerName: string;
  issuerCode: string | null;
  codeNumber: string;
  codeNotation: string;
  /** YYYY-MM-DD, on or before the arrival day. */
  issuedDate: string;
  /** Epoch ms inside Vietnam office hours of a working day of the requested year; non-decreasing in i. */
  arrivalAt: number;
  typeName: string;
  subject: string;
  /** Authority line and title line (ô 7a/7b) joined by " / ", e.g. "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH". */
  signerPosition: string;
  signerName: string;
  urgency: Urgency;
  pageCount: number;
  copies: number;
  receivedVia: ReceivedVia;
  notes: string | null;
  handlingDueDate: string | null;
  bodyText: string | null;
}

export interface DocGeneratorOptions {
  /** How many documents the caller will ask for in one year; arrivals of i = 0..total-1 are spread over it. */
  total?: number;
}

export interface IssuerInfo {
  name: string;
  code: string | null;
  /** Organisation part of the ký hiệu ("UBND", "STC", "MTTQ-BTT"). */
  abbr: string;
  /** Relative share of the documents this issuer sends to the home commune. */
  weight: number;
}

export interface DocGenerator {
  readonly seed: number;
  readonly total: number;
  readonly home: typeof HOME;
  readonly issuers: readonly IssuerInfo[];
  /** Document i of `year`; the same (seed, total, i, year) always gives the same document, in any call order. */
  document(i: number, year: number): GeneratedDoc;
  /** Just the arrival instant of document i (what `document(i, year).arrivalAt` is). */
  arrivalAt(i: number, year: number): number;
  /** A deterministic Vietnamese full name for any integer k. */
  personName(k: number): string;
  /** The working days (YYYY-MM-DD) arrivals are spread over: Mon–Fri minus statutory and usual Tết/2-9 days off. */
  workingDays(year: number): readonly string[];
}

/** The receiving office the data is shaped around (a commune of Kim Bảng, Hà Nam; pre-2025 district structure). */
export const HOME = Object.freeze({
  province: 'Hà Nam',
  district: 'Kim Bảng',
  commune: 'Đồng Hóa',
  orgName: 'Ủy ban nhân dân xã Đồng Hóa',
  orgCode: '000.21.43.H23',
});

/** NĐ 30/2020 Phụ lục III: the 29 administrative document types; công văn and thư công have no abbreviation. */
export const DOC_TYPES: readonly { name: string; abbr: string }[] = Object.freeze(
  (
    [
      ['Nghị quyết', 'NQ'], ['Quyết định', 'QĐ'], ['Chỉ thị', 'CT'], ['Quy chế', 'QC'], ['Quy định', 'QyĐ'],
      ['Thông cáo', 'TC'], ['Thông báo', 'TB'], ['Hướng dẫn', 'HD'], ['Chương trình', 'CTr'], ['Kế hoạch', 'KH'],
      ['Phương án', 'PA'], ['Đề án', 'ĐA'], ['Dự án', 'DA'], ['Báo cáo', 'BC'], ['Biên bản', 'BB'],
      ['Tờ trình', 'TTr'], ['Hợp đồng', 'HĐ'], ['Công văn', ''], ['Công điện', 'CĐ'], ['Bản ghi nhớ', 'BGN'],
      ['Bản thỏa thuận', 'BTT'], ['Giấy ủy quyền', 'GUQ'], ['Giấy mời', 'GM'], ['Giấy giới thiệu', 'GGT'],
      ['Giấy nghỉ phép', 'GNP'], ['Phiếu gửi', 'PG'], ['Phiếu chuyển', 'PC'], ['Phiếu báo', 'PB'], ['Thư công', ''],
    ] as const
  ).map(([name, abbr]) => Object.freeze({ name: name.normalize('NFC'), abbr: abbr.normalize('NFC') })),
);

// Type keys used in the tables below: the abbreviation, or CV / THU for the two types without one.
const TYPE_KEYS = DOC_TYPES.map((t) => (t.name === 'Công văn' ? 'CV' : t.name === 'Thư công' ? 'THU' : t.abbr));
const T_CV = TYPE_KEYS.indexOf('CV');
const T_THU = TYPE_KEYS.indexOf('THU');
const T_QD = TYPE_KEYS.indexOf('QĐ');
const T_GM = TYPE_KEYS.indexOf('GM');
const T_CD = TYPE_KEYS.indexOf('CĐ');

// Lower-case tails of each type name, longest first: a subject starting with one ("gửi tài liệu", "mời dự",
// "giới thiệu ông …") is merged into the type name instead of repeating it ("Phiếu gửi tài liệu …").
const TYPE_TAILS: readonly string[][] = DOC_TYPES.map((t) => {
  const w = t.name.toLowerCase().split(' ');
  return w.map((_, k) => `${w.slice(k).join(' ')} `);
});

/** "<Type> <subject>" as clerks write it: "V/v" spelled out, a leading verb shared with the type name merged. */
function prefixType(type: number, subject: string): string {
  const name = DOC_TYPES[type].name;
  if (subject.startsWith(name)) return subject;
  let s = subject.startsWith('V/v ') ? `về việc ${subject.slice(4)}` : subject.charAt(0).toLowerCase() + subject.slice(1);
  if (type === T_GM && s.startsWith('về việc mời ')) s = s.slice(8);
  for (const tail of TYPE_TAILS[type]) if (s.startsWith(tail)) return `${name} ${s.slice(tail.length)}`;
  return `${name} ${s}`;
}

// ---------------------------------------------------------------------------------------------------------------
// PRNG and hashing
// ---------------------------------------------------------------------------------------------------------------

/** murmur3 fmix32: spreads (seed, year, i) into a well-mixed per-document PRNG state. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32 as a standalone function, used where a closure-local generator is not needed. */
export function mulberry32(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary: places and people
// ---------------------------------------------------------------------------------------------------------------

const N = (s: string) => s.normalize('NFC');
const NA = (a: readonly string[]) => a.map(N);

// Kim Bảng's communes and towns (pre-2025); the home commune is Đồng Hóa.
const COMMUNES = NA([
  'Đồng Hóa', 'Đại Cương', 'Lê Hồ', 'Nguyễn Úy', 'Thụy Lôi', 'Tượng Lĩnh', 'Tân Sơn', 'Văn Xá', 'Nhật Tựu',
  'Nhật Tân', 'Hoàng Tây', 'Khả Phong', 'Liên Sơn', 'Thanh Sơn', 'Thi Sơn', 'Quế', 'Ba Sao',
]);
const TOWNS = new Set(NA(['Quế', 'Ba Sao']));
const communeUnit = (c: string) => (TOWNS.has(c) ? `thị trấn ${c}` : `xã ${c}`);

// Made-up but typical northern village names (thôn) used in subjects.
const THON = NA([
  'Đồng Sơn', 'Tân Lập', 'Quang Trung', 'Đoàn Kết', 'Phú Thứ', 'An Lạc', 'Thượng', 'Hạ', 'Trung', 'Đông', 'Đoài',
  'Nam Sơn', 'Bắc Sơn', 'Đồng Tâm', 'Thọ Lão', 'Phù Đê', 'Yên Lạc', 'Bồng Lạng', 'Quyển Sơn', 'Vĩnh Sơn',
  'Hòa Ngãi', 'Đại Phu', 'Hồng Sơn', 'Tiên Lý', 'Cổ Động', 'Hòa Lạc', 'Thanh Bồng', 'Mã Não',
]);
const RIVERS = NA(['sông Đáy', 'sông Nhuệ', 'sông Châu Giang', 'sông Đáy đoạn qua huyện Kim Bảng']);
const DISEASES = NA([
  'bệnh dịch tả lợn châu Phi', 'dịch cúm gia cầm', 'bệnh sốt xuất huyết', 'bệnh tay chân miệng', 'bệnh dại',
  'bệnh sởi', 'dịch bệnh lở mồm long móng',
]);

// Family names with rough national frequencies (Nguyễn ≈ 38 %); Hoàng outnumbers Huỳnh, Vũ outnumbers Võ in the north.
const FAMILY: [string, number][] = [
  ['Nguyễn', 380], ['Trần', 110], ['Lê', 95], ['Phạm', 70], ['Hoàng', 40], ['Huỳnh', 12], ['Phan', 40],
  ['Vũ', 45], ['Võ', 10], ['Đặng', 21], ['Bùi', 20], ['Đỗ', 16], ['Hồ', 12], ['Ngô', 13], ['Dương', 10],
  ['Lý', 5], ['Đinh', 10], ['Đào', 10], ['Trịnh', 8], ['Lương', 5], ['Mai', 5], ['Tạ', 4], ['Lưu', 4],
  ['Cao', 4], ['Chu', 3], ['Đoàn', 5], ['Hà', 5], ['Tô', 2], ['Khuất', 1], ['Kiều', 2], ['Lại', 2], ['Quách', 2],
  ['Vương', 2], ['Nghiêm', 1], ['Trương', 5], ['Thái', 1], ['Phùng', 2], ['Triệu', 2], ['Tăng', 1], ['Lã', 1],
];
const MID_M = NA(['Văn', 'Văn', 'Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Xuân', 'Thành', 'Công', 'Ngọc', 'Trọng',
  'Đình', 'Mạnh', 'Tiến', 'Thanh', 'Hoàng', 'Anh', 'Việt', 'Duy', 'Quốc', 'Bá', 'Huy', 'Trung']);
const MID_F = NA(['Thị', 'Thị', 'Thị', 'Thị', 'Thu', 'Thanh', 'Ngọc', 'Minh', 'Thùy', 'Hồng', 'Phương', 'Kim',
  'Hải', 'Bích', 'Mai', 'Lan', 'Thúy', 'Diệu']);
const GIVEN_M = NA(['Hùng', 'Dũng', 'Tuấn', 'Sơn', 'Hải', 'Long', 'Thắng', 'Hòa', 'Bình', 'Cường', 'Trung', 'Nam',
  'Quân', 'Tùng', 'Hiếu', 'Thành', 'Phong', 'Hưng', 'Khánh', 'Lâm', 'Tâm', 'Đông', 'Toàn', 'Vinh', 'Tú', 'Kiên',
  'Tài', 'Huy', 'Quang', 'Đức', 'Minh', 'Chiến', 'Thịnh', 'Lợi', 'Thuận', 'Hoàn', 'Tiến', 'Định', 'Nghĩa', 'Phúc',
  'Việt', 'Hoàng', 'Duy', 'Khoa', 'Giang', 'Thái', 'Lực', 'Đạt', 'Quyết', 'Trường']);
const GIVEN_F = NA(['Lan', 'Hương', 'Hà', 'Hoa', 'Huyền', 'Hằng', 'Thủy', 'Nga', 'Mai', 'Linh', 'Trang', 'Dung',
  'Yến', 'Thảo', 'Liên', 'Nhung', 'Oanh', 'Phượng', 'Vân', 'Hạnh', 'Thúy', 'Hiền', 'Loan', 'Ngọc', 'Anh', 'Chi',
  'Giang', 'Hồng', 'Lý', 'Nhàn', 'Quyên', 'Tâm', 'Thơ', 'Tuyết', 'Xuân', 'Vui', 'Duyên', 'Phương', 'Thu', 'Minh']);
const FAMILY_NAMES = FAMILY.map(([f]) => N(f));
const FAMILY_CUM = cumulative(FAMILY.map(([, w]) => w));

function cumulative(weights: readonly number[]): Float64Array {
  const c = new Float64Array(weights.length);
  let s = 0;
  for (let i = 0; i < weights.length; i++) c[i] = s += weights[i];
  return c;
}

/** Index drawn from cumulative weights with u in [0, 1). */
function pickCum(cum: Float64Array, u: number): number {
  const x = u * cum[cum.length - 1];
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** A full name; 60 % of officials in the data are men, about 12 % of names have a second middle name. */
function makeName(rnd: () => number, male: boolean): string {
  const fam = FAMILY_NAMES[pickCum(FAMILY_CUM, rnd())];
  const mids = male ? MID_M : MID_F;
  const given = male ? GIVEN_M : GIVEN_F;
  let mid = mids[(rnd() * mids.length) | 0];
  if (mid === fam) mid = mids[0]; // no "Hoàng Hoàng Quân"
  if (rnd() < 0.12) {
    const extra = male ? MID_M[4 + ((rnd() * (MID_M.length - 4)) | 0)] : MID_F[4 + ((rnd() * (MID_F.length - 4)) | 0)];
    if (extra !== mid) mid = `${mid} ${extra}`;
  }
  let g = given[(rnd() * given.length) | 0];
  if (mid.endsWith(g)) g = given[(given.indexOf(g) + 1) % given.length]; // no "Võ Huy Huy"
  return `${fam} ${mid} ${g}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary: templates. "{X}" slots are compiled once into string/number parts so filling is plain concatenation.
// ---------------------------------------------------------------------------------------------------------------

const TOKENS = [
  'C', 'D', 'P', 'Y', 'Y1', 'Y0', 'T', 'Q', 'M', 'M1', 'N', 'N1', 'N9', 'SY', 'SY0', 'DATE', 'NAME', 'PERSON',
  'PRJ', 'PRJLOW', 'RIVER', 'GD', 'LUNAR', 'AREA', 'AREACAP', 'TASK', 'TASKCAP', 'DEC', 'DECCAP', 'EV', 'PERIOD', 'PLACE',
  'DRAFT', 'RECV', 'HH', 'N3', 'DATEP', 'ISSUER', 'DISEASE', 'REF',
] as const;
type TokenName = (typeof TOKENS)[number];
const TK = Object.fromEntries(TOKENS.map((t, i) => [t, i])) as Record<TokenName, number>;

type Tpl = readonly (string | number)[];

function compile(src: string): Tpl {
  const s = N(src);
  const out: (string | number)[] = [];
  const re = /\{([A-Z0-9]+)\}/g;
  let last = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    if (m.index > last) out.push(s.slice(last, m.index));
    const id = (TK as Record<string, number>)[m[1]];
    if (id === undefined) throw new Error(`Unknown template slot {${m[1]}} in "${src}"`);
    out.push(id);
    last = m.index + m[0].length;
  }
  if (last < s.length) out.push(s.slice(last));
  return out;
}
const compileAll = (a: readonly string[]) => a.map(compile);
const capFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

interface TopicSrc {
  key: string;
  w: number;
  area: string;
  tasks: string[];
  dec?: string[];
  ev?: string[];
  /** Only in these years (the 2026 general election). */
  years?: [number, number];
}

// Administrative topics a commune hears about all year; weights are rough shares of the incoming flow.
const TOPIC_SRC: TopicSrc[] = [
  { key: 'pctt', w: 5, area: 'phòng, chống thiên tai và tìm kiếm cứu nạn',
    tasks: ['rà soát, thống kê các hộ dân sinh sống tại khu vực có nguy cơ ngập lụt, sạt lở đất',
      'kiểm tra, đánh giá hiện trạng đê điều, hồ đập, công trình thủy lợi trước mùa mưa bão năm {Y}',
      'chủ động ứng phó với mưa lớn, lũ, ngập úng trên địa bàn',
      'chuẩn bị vật tư, phương tiện phục vụ phòng, chống thiên tai theo phương châm “bốn tại chỗ”',
      'thu, nộp Quỹ phòng, chống thiên tai năm {Y}',
      'kiện toàn lực lượng xung kích phòng, chống thiên tai cấp xã năm {Y}',
      'khắc phục hậu quả mưa lũ, sớm ổn định đời sống Nhân dân'],
    dec: ['kiện toàn Ban Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn xã {C}',
      'phân bổ kinh phí khắc phục hậu quả mưa lũ năm {Y} cho các xã, thị trấn',
      'thành lập lực lượng xung kích phòng, chống thiên tai xã {C} năm {Y}'],
    ev: ['hội nghị tổng kết công tác phòng, chống thiên tai và tìm kiếm cứu nạn năm {Y0}, triển khai nhiệm vụ năm {Y}',
      'diễn tập phòng, chống thiên tai và tìm kiếm cứu nạn cấp xã năm {Y}',
      'tập huấn nâng cao năng lực quản lý rủi ro thiên tai dựa vào cộng đồng'] },
  { key: 'ntm', w: 6, area: 'xây dựng nông thôn mới',
    tasks: ['rà soát, đánh giá mức độ đạt các tiêu chí xã nông thôn mới nâng cao năm {Y}',
      'hoàn thiện hồ sơ đề nghị xét, công nhận xã {C} đạt chuẩn nông thôn mới kiểu mẫu',
      'đăng ký sản phẩm tham gia Chương trình mỗi xã một sản phẩm (OCOP) năm {Y}',
      'báo cáo tiến độ thực hiện Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn {GD}',
      'huy động nguồn lực xây dựng nông thôn mới nâng cao, nông thôn mới kiểu mẫu',
      'chỉnh trang khuôn viên, trồng cây xanh dọc các tuyến đường trục thôn, liên thôn'],
    dec: ['công nhận thôn {T}, xã {C} đạt chuẩn khu dân cư nông thôn mới kiểu mẫu năm {Y}',
      'phân bổ vốn thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới năm {Y}',
      'kiện toàn Ban Chỉ đạo các chương trình mục tiêu quốc gia huyện {D}'],
    ev: ['hội nghị sơ kết 6 tháng đầu năm {Y} Chương trình mục tiêu quốc gia xây dựng nông thôn mới',
      'Lễ công bố xã {C} đạt chuẩn nông thôn mới nâng cao',
      'buổi làm việc của Đoàn thẩm định kết quả xây dựng nông thôn mới nâng cao xã {C}'] },
  { key: 'cchc', w: 5, area: 'cải cách hành chính',
    tasks: ['tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm {Y}',
      'niêm yết, công khai thủ tục hành chính tại Bộ phận Tiếp nhận và Trả kết quả',
      'khảo sát mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước',
      'số hóa hồ sơ, kết quả giải quyết thủ tục hành chính',
      'rà soát, đơn giản hóa thủ tục hành chính năm {Y}',
      'xử lý hồ sơ thủ tục hành chính quá hạn trên Hệ thống thông tin giải quyết thủ tục hành chính tỉnh'],
    dec: ['ban hành Kế hoạch cải cách hành chính năm {Y}',
      'công bố danh mục thủ tục hành chính được chuẩn hóa thuộc thẩm quyền giải quyết của Ủy ban nhân dân cấp xã trên địa bàn tỉnh {P}',
      'phê duyệt quy trình nội bộ giải quyết thủ tục hành chính lĩnh vực hộ tịch'],
    ev: ['hội nghị sơ kết công tác cải cách hành chính 6 tháng đầu năm {Y}',
      'buổi kiểm tra công tác cải cách hành chính, kiểm soát thủ tục hành chính năm {Y} tại xã {C}',
      'tập huấn nghiệp vụ kiểm soát thủ tục hành chính cho cán bộ, công chức cấp xã'] },
  { key: 'cds', w: 5, area: 'chuyển đổi số',
    tasks: ['triển khai Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử (Đề án 06)',
      'sử dụng chữ ký số và gửi, nhận văn bản điện tử trên Hệ thống quản lý văn bản và điều hành',
      'kiện toàn Tổ công nghệ số cộng đồng tại các thôn, tổ dân phố',
      'bảo đảm an toàn thông tin mạng trong hoạt động của cơ quan nhà nước',
      'thống kê nhu cầu cấp chứng thư số chuyên dùng năm {Y}',
      'cung cấp dịch vụ công trực tuyến toàn trình trên Cổng Dịch vụ công quốc gia'],
    dec: ['kiện toàn Ban Chỉ đạo chuyển đổi số xã {C}',
      'ban hành Quy chế quản lý, vận hành, sử dụng Hệ thống quản lý văn bản và điều hành trên địa bàn huyện {D}'],
    ev: ['hội nghị trực tuyến triển khai nhiệm vụ chuyển đổi số năm {Y}',
      'tập huấn sử dụng phần mềm quản lý văn bản và điều hành, chữ ký số',
      'các hoạt động hưởng ứng Ngày Chuyển đổi số quốc gia năm {Y}'] },
  { key: 'datdai', w: 6, area: 'quản lý nhà nước về đất đai',
    tasks: ['kiểm tra, xử lý các trường hợp vi phạm pháp luật về đất đai trên địa bàn xã {C}',
      'lập kế hoạch sử dụng đất năm {Y1}',
      'thống kê đất đai năm {Y}',
      'đẩy nhanh tiến độ cấp giấy chứng nhận quyền sử dụng đất lần đầu',
      'cung cấp hồ sơ địa chính thửa đất tại thôn {T}, xã {C}',
      'xác minh nguồn gốc sử dụng đất của hộ gia đình, cá nhân tại thôn {T}',
      'quản lý, sử dụng quỹ đất công ích của xã'],
    dec: ['phê duyệt Kế hoạch sử dụng đất năm {Y} huyện {D}',
      'thu hồi đất để thực hiện dự án {PRJ}',
      'phê duyệt phương án bồi thường, hỗ trợ khi Nhà nước thu hồi đất thực hiện dự án {PRJ}',
      'giao đất ở cho hộ gia đình, cá nhân tại thôn {T}, xã {C}'],
    ev: ['hội nghị triển khai Luật Đất đai năm 2024 và các văn bản hướng dẫn thi hành',
      'buổi đối thoại với các hộ dân có đất bị thu hồi thực hiện dự án {PRJ}'] },
  { key: 'attp', w: 3, area: 'bảo đảm an toàn thực phẩm',
    tasks: ['tổ chức Tháng hành động vì an toàn thực phẩm năm {Y}',
      'kiểm tra an toàn thực phẩm dịp Tết Nguyên đán {LUNAR} và mùa Lễ hội Xuân',
      'thống kê cơ sở sản xuất, kinh doanh thực phẩm nhỏ lẻ trên địa bàn',
      'phòng ngừa ngộ độc thực phẩm tại bếp ăn tập thể, trường học',
      'xây dựng mô hình chợ bảo đảm an toàn thực phẩm'],
    dec: ['thành lập Đoàn kiểm tra liên ngành về an toàn thực phẩm xã {C} năm {Y}'],
    ev: ['Lễ phát động Tháng hành động vì an toàn thực phẩm năm {Y}',
      'tập huấn kiến thức an toàn thực phẩm cho cơ sở kinh doanh dịch vụ ăn uống'] },
  { key: 'pccc', w: 3, area: 'phòng cháy, chữa cháy và cứu nạn, cứu hộ',
    tasks: ['kiểm tra an toàn phòng cháy, chữa cháy đối với nhà ở kết hợp sản xuất, kinh doanh',
      'xây dựng mô hình “Tổ liên gia an toàn phòng cháy, chữa cháy” và “Điểm chữa cháy công cộng”',
      'tăng cường phòng cháy, chữa cháy rừng mùa khô năm {Y}',
      'thống kê cơ sở thuộc diện quản lý về phòng cháy, chữa cháy trên địa bàn',
      'tuyên truyền kiến thức phòng cháy, chữa cháy trong khu dân cư'],
    dec: ['kiện toàn Đội dân phòng thôn {T}, xã {C}'],
    ev: ['thực tập phương án chữa cháy và cứu nạn, cứu hộ có nhiều lực lượng, phương tiện tham gia',
      'hội thi nghiệp vụ chữa cháy và cứu nạn, cứu hộ năm {Y}'] },
  { key: 'baucu', w: 7, years: [2025, 2026],
    area: 'bầu cử đại biểu Quốc hội khóa XVI và đại biểu Hội đồng nhân dân các cấp nhiệm kỳ 2026 - 2031',
    tasks: ['lập, niêm yết danh sách cử tri tại các khu vực bỏ phiếu',
      'thành lập các Tổ bầu cử tại các khu vực bỏ phiếu trên địa bàn xã {C}',
      'tuyên truyền về cuộc bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân các cấp',
      'bảo đảm an ninh, trật tự phục vụ cuộc bầu cử',
      'tổng hợp, báo cáo kết quả bầu cử tại các khu vực bỏ phiếu',
      'chuẩn bị cơ sở vật chất, kinh phí phục vụ công tác bầu cử'],
    dec: ['thành lập Ban bầu cử đại biểu Hội đồng nhân dân xã {C} nhiệm kỳ 2026 - 2031',
      'ấn định số đơn vị bầu cử, danh sách các đơn vị bầu cử và số lượng đại biểu được bầu ở mỗi đơn vị bầu cử',
      'thành lập Tổ bầu cử khu vực bỏ phiếu số {N}, xã {C}'],
    ev: ['hội nghị hiệp thương lần thứ ba lựa chọn, lập danh sách những người đủ tiêu chuẩn ứng cử đại biểu Hội đồng nhân dân xã',
      'hội nghị tập huấn nghiệp vụ công tác bầu cử cho các Tổ bầu cử',
      'hội nghị tiếp xúc cử tri của người ứng cử đại biểu Hội đồng nhân dân huyện tại xã {C}'] },
  { key: 'tuyenquan', w: 3, area: 'tuyển chọn và gọi công dân nhập ngũ',
    tasks: ['đăng ký nghĩa vụ quân sự cho công dân nam đủ 17 tuổi năm {Y}',
      'sơ tuyển sức khỏe công dân trong độ tuổi gọi nhập ngũ năm {Y1}',
      'phúc tra, xét duyệt công dân đủ điều kiện nhập ngũ năm {Y1}',
      'chuẩn bị tổ chức Lễ giao nhận quân năm {Y1}',
      'thực hiện chế độ, chính sách đối với quân nhân xuất ngũ trở về địa phương'],
    dec: ['giao chỉ tiêu tuyển chọn và gọi công dân nhập ngũ và thực hiện nghĩa vụ tham gia Công an nhân dân năm {Y1}',
      'gọi công dân nhập ngũ năm {Y1}',
      'thành lập Hội đồng khám sức khỏe nghĩa vụ quân sự huyện {D} năm {Y}'],
    ev: ['Lễ giao nhận quân năm {Y1}', 'hội nghị triển khai công tác tuyển chọn và gọi công dân nhập ngũ năm {Y1}'] },
  { key: 'bhxh', w: 4, area: 'phát triển người tham gia bảo hiểm xã hội, bảo hiểm y tế',
    tasks: ['rà soát, lập danh sách đối tượng được ngân sách nhà nước đóng, hỗ trợ đóng bảo hiểm y tế năm {Y}',
      'cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi',
      'thu hồi nợ đóng bảo hiểm xã hội, bảo hiểm y tế, bảo hiểm thất nghiệp',
      'triển khai bảo hiểm y tế học sinh, sinh viên năm học {SY}',
      'giao chỉ tiêu phát triển người tham gia bảo hiểm xã hội tự nguyện, bảo hiểm y tế hộ gia đình năm {Y}',
      'chi trả lương hưu, trợ cấp bảo hiểm xã hội qua tài khoản cá nhân'],
    dec: ['giao chỉ tiêu phát triển người tham gia bảo hiểm xã hội, bảo hiểm y tế năm {Y}'] },
  { key: 'dautu', w: 4, area: 'giải ngân vốn đầu tư công',
    tasks: ['đẩy nhanh tiến độ giải ngân kế hoạch vốn đầu tư công năm {Y}',
      'báo cáo tình hình thực hiện và giải ngân vốn đầu tư công tháng {M} năm {Y}',
      'lập kế hoạch đầu tư công trung hạn giai đoạn {GD}',
      'quyết toán dự án hoàn thành sử dụng vốn đầu tư công',
      'đăng ký kế hoạch vốn đầu tư công năm {Y1}',
      'xử lý nợ đọng xây dựng cơ bản'],
    dec: ['giao chi tiết kế hoạch vốn đầu tư công năm {Y}',
      'phê duyệt báo cáo kinh tế - kỹ thuật công trình {PRJ}',
      'phê duyệt quyết toán dự án hoàn thành công trình {PRJ}',
      'phê duyệt kế hoạch lựa chọn nhà thầu công trình {PRJ}'],
    ev: ['hội nghị đôn đốc giải ngân vốn đầu tư công năm {Y}', 'buổi kiểm tra hiện trường công trình {PRJ}'] },
  { key: 'yte', w: 4, area: 'phòng, chống dịch bệnh',
    tasks: ['phòng, chống sốt xuất huyết, tay chân miệng năm {Y}',
      'giám sát, phát hiện sớm các trường hợp mắc bệnh truyền nhiễm',
      'tổ chức chiến dịch tiêm bổ sung vắc xin sởi - rubella cho trẻ em',
      'rà soát, lập danh sách trẻ em trong độ tuổi tiêm chủng mở rộng năm {Y}',
      'uống vitamin A cho trẻ em từ 6 đến 36 tháng tuổi đợt {N1} năm {Y}',
      'khám sức khỏe định kỳ cho người cao tuổi năm {Y}',
      'lập hồ sơ sức khỏe điện tử cho người dân'],
    ev: ['tập huấn công tác tiêm chủng mở rộng năm {Y}', 'hội nghị triển khai công tác y tế năm {Y}'] },
  { key: 'moitruong', w: 4, area: 'bảo vệ môi trường',
    tasks: ['thu gom, vận chuyển, xử lý chất thải rắn sinh hoạt trên địa bàn',
      'phân loại chất thải rắn sinh hoạt tại nguồn',
      'kiểm tra việc chấp hành pháp luật về bảo vệ môi trường của các cơ sở sản xuất, kinh doanh',
      'xử lý ô nhiễm môi trường tại khu vực {RIVER}',
      'thu gom bao gói thuốc bảo vệ thực vật sau sử dụng',
      'tổ chức các hoạt động hưởng ứng Ngày Môi trường thế giới 5/6'],
    dec: ['phê duyệt giá dịch vụ thu gom, vận chuyển chất thải rắn sinh hoạt trên địa bàn xã {C}'],
    ev: ['ra quân tổng vệ sinh môi trường hưởng ứng Ngày Môi trường thế giới năm {Y}'] },
  { key: 'giaoduc', w: 3, area: 'giáo dục và đào tạo',
    tasks: ['chuẩn bị các điều kiện cho năm học mới {SY}',
      'tuyển sinh vào lớp 1, lớp 6 năm học {SY}',
      'kiểm tra công nhận trường đạt chuẩn quốc gia',
      'duy trì kết quả phổ cập giáo dục, xóa mù chữ năm {Y}',
      'bảo đảm an toàn trường học, phòng, chống bạo lực học đường',
      'sắp xếp, sáp nhập các điểm trường lẻ'],
    dec: ['công nhận xã {C} đạt chuẩn phổ cập giáo dục mầm non cho trẻ em 5 tuổi',
      'kiện toàn Ban Chỉ đạo phổ cập giáo dục, xóa mù chữ xã {C}'],
    ev: ['Lễ khai giảng năm học {SY}', 'hội nghị tổng kết năm học {SY0}'] },
  { key: 'danso', w: 2, area: 'dân số và phát triển',
    tasks: ['triển khai Chiến dịch tăng cường tuyên truyền, vận động lồng ghép cung cấp dịch vụ chăm sóc sức khỏe sinh sản, kế hoạch hóa gia đình năm {Y}',
      'kiểm soát mất cân bằng giới tính khi sinh',
      'tầm soát, chẩn đoán trước sinh và sơ sinh',
      'cập nhật thông tin biến động dân số vào kho dữ liệu chuyên ngành',
      'chăm sóc sức khỏe người cao tuổi dựa vào cộng đồng'],
    ev: ['hội nghị triển khai công tác dân số năm {Y}', 'mít tinh hưởng ứng Ngày Dân số thế giới 11/7'] },
  { key: 'giamngheo', w: 3, area: 'giảm nghèo bền vững',
    tasks: ['rà soát hộ nghèo, hộ cận nghèo năm {Y} theo chuẩn nghèo đa chiều giai đoạn {GD}',
      'xác định hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp có mức sống trung bình năm {Y}',
      'hỗ trợ xóa nhà tạm, nhà dột nát cho hộ nghèo, hộ cận nghèo',
      'vận động ủng hộ Quỹ “Vì người nghèo” năm {Y}'],
    dec: ['phê duyệt danh sách hộ nghèo, hộ cận nghèo năm {Y} trên địa bàn xã {C}',
      'công nhận hộ thoát nghèo, thoát cận nghèo năm {Y} trên địa bàn huyện {D}',
      'hỗ trợ kinh phí xây dựng nhà ở cho hộ nghèo thôn {T}, xã {C}'],
    ev: ['hội nghị công bố kết quả rà soát hộ nghèo, hộ cận nghèo năm {Y}'] },
  { key: 'thuy', w: 2, area: 'phòng, chống dịch bệnh động vật',
    tasks: ['tiêm phòng vắc xin cúm gia cầm, lở mồm long móng cho đàn gia súc, gia cầm đợt {N1} năm {Y}',
      'phòng, chống bệnh dịch tả lợn châu Phi',
      'tiêm vắc xin phòng bệnh dại cho chó, mèo năm {Y}',
      'tiêu độc khử trùng môi trường chăn nuôi đợt {N1} năm {Y}',
      'thống kê tổng đàn gia súc, gia cầm thời điểm 01/{M}/{Y}'] },
  { key: 'antt', w: 4, area: 'bảo đảm an ninh, trật tự',
    tasks: ['tấn công, trấn áp tội phạm, bảo đảm an ninh, trật tự dịp Tết Nguyên đán {LUNAR}',
      'phòng, chống ma túy trong tình hình mới',
      'vận động Nhân dân giao nộp vũ khí, vật liệu nổ, công cụ hỗ trợ',
      'xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc',
      'phòng ngừa tội phạm lừa đảo chiếm đoạt tài sản trên không gian mạng',
      'quản lý cư trú, lưu trú trên địa bàn'] },
  { key: 'atgt', w: 2, area: 'bảo đảm trật tự, an toàn giao thông',
    tasks: ['xử lý tình trạng lấn chiếm hành lang an toàn giao thông đường bộ',
      'bảo đảm trật tự, an toàn giao thông dịp nghỉ Lễ 30/4 và 01/5',
      'tổ chức Năm an toàn giao thông {Y}',
      'rà soát, xử lý các điểm tiềm ẩn nguy cơ tai nạn giao thông trên tuyến đường huyện'] },
  { key: 'tiepdan', w: 3, area: 'tiếp công dân, giải quyết khiếu nại, tố cáo',
    tasks: ['giải quyết đơn đề nghị của {PERSON}, trú tại thôn {T}, xã {C}',
      'báo cáo kết quả giải quyết đơn thư tồn đọng, kéo dài',
      'xác minh nội dung đơn phản ánh của công dân về việc tranh chấp đất đai tại thôn {T}',
      'thực hiện tiếp công dân định kỳ của Chủ tịch Ủy ban nhân dân xã'],
    dec: ['giải quyết khiếu nại của {PERSON}, trú tại thôn {T}, xã {C} (lần đầu)'] },
  { key: 'phapluat', w: 2, area: 'phổ biến, giáo dục pháp luật',
    tasks: ['tổ chức các hoạt động hưởng ứng Ngày Pháp luật nước Cộng hòa xã hội chủ nghĩa Việt Nam năm {Y}',
      'đánh giá, công nhận xã đạt chuẩn tiếp cận pháp luật năm {Y}',
      'kiện toàn đội ngũ hòa giải viên ở cơ sở',
      'triển khai các luật mới được Quốc hội thông qua tại Kỳ họp thứ {N}'] },
  { key: 'taichinh', w: 5, area: 'quản lý tài chính, ngân sách',
    tasks: ['xây dựng dự toán ngân sách nhà nước năm {Y1}',
      'lập báo cáo quyết toán ngân sách xã năm {Y0}',
      'công khai dự toán, quyết toán ngân sách theo quy định',
      'tăng cường quản lý thu ngân sách nhà nước những tháng cuối năm {Y}',
      'chi trả tiền lương và các khoản phụ cấp cho cán bộ, công chức cấp xã',
      'kiểm kê tài sản công năm {Y}',
      'thực hành tiết kiệm, chống lãng phí trong quản lý, sử dụng ngân sách'],
    dec: ['giao dự toán thu, chi ngân sách nhà nước năm {Y}',
      'bổ sung có mục tiêu từ ngân sách huyện cho ngân sách xã năm {Y}',
      'phê duyệt quyết toán ngân sách xã {C} năm {Y0}'] },
  { key: 'noivu', w: 5, area: 'tổ chức bộ máy, cán bộ, công chức',
    tasks: ['rà soát, sắp xếp đơn vị hành chính cấp xã giai đoạn {GD}',
      'đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức năm {Y}',
      'nâng bậc lương thường xuyên, nâng bậc lương trước thời hạn năm {Y}',
      'thống kê số lượng, chất lượng cán bộ, công chức cấp xã',
      'bồi dưỡng kiến thức quản lý nhà nước cho cán bộ, công chức cấp xã năm {Y}',
      'bố trí người hoạt động không chuyên trách ở thôn, tổ dân phố'],
    dec: ['nâng bậc lương thường xuyên đối với công chức Ủy ban nhân dân xã {C}',
      'điều động, bổ nhiệm công chức Văn phòng - Thống kê xã {C}',
      'cử cán bộ, công chức tham gia lớp bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 4 năm {Y}'] },
  { key: 'thidua', w: 3, area: 'thi đua, khen thưởng',
    tasks: ['đăng ký danh hiệu thi đua năm {Y}',
      'đề nghị khen thưởng thành tích xuất sắc trong phong trào thi đua yêu nước năm {Y}',
      'tổ chức phong trào thi đua “Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau”'],
    dec: ['tặng Giấy khen cho các tập thể, cá nhân có thành tích xuất sắc trong phong trào thi đua năm {Y}',
      'công nhận danh hiệu “Lao động tiên tiến” năm {Y}'] },
  { key: 'vanhoa', w: 3, area: 'xây dựng đời sống văn hóa',
    tasks: ['bình xét danh hiệu “Gia đình văn hóa”, “Thôn văn hóa” năm {Y}',
      'quản lý, tổ chức lễ hội năm {Y}',
      'tổ chức các hoạt động văn hóa, văn nghệ, thể dục thể thao mừng Đảng, mừng Xuân {LUNAR}',
      'thực hiện nếp sống văn minh trong việc cưới, việc tang và lễ hội',
      'treo cờ Tổ quốc dịp kỷ niệm Ngày Quốc khánh 2/9'],
    ev: ['Đại hội Thể dục thể thao xã {C} năm {Y}', 'Ngày hội Đại đoàn kết toàn dân tộc ở khu dân cư năm {Y}'] },
  { key: 'nongnghiep', w: 4, area: 'sản xuất nông nghiệp',
    tasks: ['chỉ đạo sản xuất vụ Đông Xuân năm {Y}', 'chỉ đạo sản xuất vụ Mùa năm {Y}',
      'phòng trừ sâu bệnh hại lúa vụ Mùa năm {Y}', 'triển khai sản xuất cây vụ Đông năm {Y}',
      'tích tụ, tập trung ruộng đất phát triển sản xuất nông nghiệp hàng hóa',
      'khơi thông dòng chảy, nạo vét kênh mương nội đồng năm {Y}',
      'phòng, chống rét cho cây trồng, vật nuôi'] },
  { key: 'chinhsach', w: 4, area: 'chính sách người có công và bảo trợ xã hội',
    tasks: ['chi trả trợ cấp ưu đãi người có công với cách mạng tháng {M} năm {Y}',
      'tặng quà của Chủ tịch nước nhân dịp Ngày Thương binh - Liệt sĩ 27/7',
      'rà soát đối tượng hưởng trợ cấp xã hội hằng tháng',
      'thăm hỏi, tặng quà gia đình chính sách dịp Tết Nguyên đán {LUNAR}',
      'giải quyết chế độ mai táng phí cho thân nhân người có công',
      'chăm lo cho người có hoàn cảnh khó khăn dịp Tết Nguyên đán {LUNAR}'],
    dec: ['trợ cấp xã hội hằng tháng đối với {PERSON}, thôn {T}, xã {C}',
      'điều chỉnh mức trợ cấp ưu đãi đối với người có công với cách mạng'] },
  { key: 'treem', w: 2, area: 'bảo vệ, chăm sóc trẻ em',
    tasks: ['phòng, chống đuối nước trẻ em dịp hè năm {Y}', 'tổ chức Tháng hành động vì trẻ em năm {Y}',
      'tổ chức Tết Trung thu cho thiếu niên, nhi đồng năm {Y}', 'phòng, chống xâm hại, bạo lực trẻ em'] },
  { key: 'xaydung', w: 2, area: 'quản lý trật tự xây dựng',
    tasks: ['kiểm tra, xử lý các công trình xây dựng không phép, sai phép trên địa bàn',
      'quản lý quy hoạch chung xây dựng xã {C} đến năm 2035',
      'rà soát, lập quy hoạch chi tiết khu dân cư thôn {T}'],
    dec: ['phê duyệt đồ án quy hoạch chi tiết xây dựng tỷ lệ 1/500 khu dân cư thôn {T}, xã {C}'] },
  { key: 'vanthu', w: 2, area: 'văn thư, lưu trữ',
    tasks: ['lập hồ sơ và nộp lưu hồ sơ, tài liệu vào Lưu trữ cơ quan năm {Y}',
      'chỉnh lý tài liệu lưu trữ tồn đọng', 'thống kê cơ sở về công tác văn thư, lưu trữ năm {Y}',
      'triển khai Nghị định số 30/2020/NĐ-CP về công tác văn thư', 'ban hành Danh mục hồ sơ năm {Y}'] },
  { key: 'thamnhung', w: 2, area: 'phòng, chống tham nhũng, tiêu cực',
    tasks: ['kê khai tài sản, thu nhập năm {Y}', 'báo cáo công tác phòng, chống tham nhũng quý {Q} năm {Y}',
      'công khai kết quả kê khai tài sản, thu nhập',
      'chuyển đổi vị trí công tác đối với công chức theo quy định'],
    dec: ['phê duyệt Kế hoạch xác minh tài sản, thu nhập năm {Y}'] },
  { key: 'quocphong', w: 3, area: 'quốc phòng, quân sự địa phương',
    tasks: ['huấn luyện dân quân năm {Y}', 'kiện toàn lực lượng dân quân năm {Y}',
      'đăng ký, quản lý quân nhân dự bị và phương tiện kỹ thuật dự bị động viên',
      'chuẩn bị diễn tập chiến đấu phòng thủ xã năm {Y}',
      'tổ chức các hoạt động kỷ niệm Ngày thành lập Quân đội nhân dân Việt Nam 22/12'],
    ev: ['diễn tập chiến đấu phòng thủ xã {C} năm {Y}',
      'hội nghị tổng kết công tác quân sự, quốc phòng địa phương năm {Y0}'] },
  { key: 'thongke', w: 1.5, area: 'điều tra, thống kê',
    tasks: ['triển khai Tổng điều tra kinh tế năm {Y}',
      'điều tra biến động dân số và kế hoạch hóa gia đình thời điểm 01/4/{Y}',
      'thu thập thông tin điều tra lao động việc làm quý {Q} năm {Y}',
      'cập nhật số liệu thống kê kinh tế - xã hội cấp xã'] },
  { key: 'ktxh', w: 5, area: 'phát triển kinh tế - xã hội',
    tasks: ['báo cáo tình hình kinh tế - xã hội tháng {M} năm {Y}',
      'xây dựng kế hoạch phát triển kinh tế - xã hội năm {Y1}',
      'đánh giá kết quả thực hiện Nghị quyết của Hội đồng nhân dân huyện về nhiệm vụ phát triển kinh tế - xã hội năm {Y}',
      'chuẩn bị nội dung phục vụ kỳ họp thứ {N} Hội đồng nhân dân huyện'],
    ev: ['kỳ họp thứ {N} Hội đồng nhân dân huyện {D}',
      'hội nghị giao ban Chủ tịch Ủy ban nhân dân các xã, thị trấn tháng {M} năm {Y}',
      'hội nghị tiếp xúc cử tri trước kỳ họp thứ {N} Hội đồng nhân dân huyện'] },
  { key: 'laodong', w: 1.5, area: 'lao động, việc làm',
    tasks: ['tư vấn, giới thiệu việc làm cho lao động nông thôn',
      'đưa người lao động đi làm việc ở nước ngoài theo hợp đồng', 'đào tạo nghề cho lao động nông thôn năm {Y}',
      'thu thập, cập nhật thông tin cung - cầu lao động năm {Y}'] },
  { key: 'tongiao', w: 0.7, area: 'tín ngưỡng, tôn giáo',
    tasks: ['quản lý hoạt động tín ngưỡng, tôn giáo dịp lễ Phật đản', 'thống kê cơ sở tín ngưỡng, tôn giáo trên địa bàn'] },
  { key: 'hotich', w: 2.5, area: 'hộ tịch, cư trú và căn cước',
    tasks: ['cấp Căn cước cho công dân và kích hoạt tài khoản định danh điện tử mức độ 2',
      'số hóa sổ hộ tịch, cập nhật vào Cơ sở dữ liệu hộ tịch điện tử',
      'liên thông thủ tục hành chính đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi',
      'làm sạch dữ liệu dân cư trên địa bàn xã {C}'] },
];

// Decisions and events any topic can take when it has none of its own (or, sometimes, even when it has).
const GENERIC_DEC = compileAll([
  'ban hành Kế hoạch {AREA} năm {Y}', 'kiện toàn Ban Chỉ đạo {AREA} xã {C}',
  'thành lập Đoàn kiểm tra công tác {AREA} năm {Y}', 'phân bổ kinh phí thực hiện nhiệm vụ {AREA} năm {Y}',
]);
const GENERIC_EV = compileAll([
  'hội nghị sơ kết công tác {AREA} 6 tháng đầu năm {Y}',
  'hội nghị tổng kết công tác {AREA} năm {Y0}, triển khai nhiệm vụ năm {Y}',
  'hội nghị tập huấn nghiệp vụ về {AREA} năm {Y}', 'buổi làm việc về công tác {AREA} tại xã {C}',
  'cuộc họp Ban Chỉ đạo {AREA} huyện {D}',
]);

interface Topic {
  key: string;
  w: number;
  years?: [number, number];
  area: string;
  areaCap: string;
  tasks: Tpl[];
  tasksCap: Tpl[];
  dec: Tpl[];
  decCap: Tpl[];
  ev: Tpl[];
}

function capTpl(t: Tpl): Tpl {
  return typeof t[0] === 'string' ? [capFirst(t[0]), ...t.slice(1)] : t;
}

const TOPICS: Topic[] = TOPIC_SRC.map((s) => {
  const tasks = compileAll(s.tasks);
  const dec = compileAll(s.dec ?? []);
  return {
    key: s.key, w: s.w, years: s.years, area: N(s.area), areaCap: capFirst(N(s.area)),
    tasks, tasksCap: tasks.map(capTpl), dec, decCap: dec.map(capTpl), ev: compileAll(s.ev ?? []),
  };
});
const GENERIC_DEC_CAP = GENERIC_DEC.map(capTpl);
const TOPIC_INDEX = new Map(TOPICS.map((t, i) => [t.key, i]));

const PERIODS = compileAll([
  'năm {Y}', 'năm {Y}', '6 tháng đầu năm {Y}', 'quý {Q} năm {Y}', 'tháng {M} năm {Y}', '9 tháng đầu năm {Y}',
  'năm {Y} và phương hướng, nhiệm vụ năm {Y1}', 'giai đoạn {GD}',
]);
const PLACES = compileAll([
  'trên địa bàn huyện {D}', 'trên địa bàn huyện {D}', 'trên địa bàn xã {C}', 'trên địa bàn tỉnh {P}',
  'tại các xã, thị trấn',
]);
const PROJECTS = compileAll([
  'Cải tạo, nâng cấp đường giao thông thôn {T}, xã {C}', 'Xây dựng nhà văn hóa thôn {T}, xã {C}',
  'Cứng hóa kênh mương nội đồng xã {C}', 'Xây dựng Trường Mầm non xã {C}', 'Cải tạo, nâng cấp trạm bơm {T}',
  'Nâng cấp tuyến đê hữu sông Đáy đoạn qua xã {C}',
  'Xây dựng hạ tầng kỹ thuật khu đấu giá quyền sử dụng đất thôn {T}, xã {C}',
  'Cải tạo, nâng cấp đường ĐH.0{N9} huyện {D}', 'Nhà lớp học 2 tầng 8 phòng Trường Tiểu học {C}',
  'Xây dựng nghĩa trang nhân dân thôn {T}, xã {C}',
]);
const DRAFTS = compileAll([
  'dự thảo Kế hoạch {AREA} năm {Y1}',
  'dự thảo Nghị quyết của Hội đồng nhân dân tỉnh quy định mức hỗ trợ {AREA} trên địa bàn tỉnh {P}',
  'dự thảo Báo cáo tổng kết công tác {AREA} giai đoạn {GD}',
  'dự thảo Quyết định ban hành Quy chế phối hợp trong công tác {AREA}',
]);
const RECVS = NA(['Ủy ban nhân dân huyện', 'Phòng Nội vụ huyện', 'Phòng Tài chính - Kế hoạch huyện',
  'Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện', 'Phòng Tài nguyên và Môi trường huyện',
  'Phòng Lao động - Thương binh và Xã hội huyện']);
const REFS = compileAll([
  'Kế hoạch số {N3}/KH-UBND ngày {DATEP} của Ủy ban nhân dân tỉnh {P}',
  'Công văn số {N3}/UBND-KGVX ngày {DATEP} của Ủy ban nhân dân tỉnh {P}',
  'Quyết định số {N3}/QĐ-UBND ngày {DATEP} của Ủy ban nhân dân huyện {D}',
  'Chỉ thị số {N3}/CT-UBND ngày {DATEP} của Chủ tịch Ủy ban nhân dân tỉnh {P}',
  'Hướng dẫn số {N3}/HD-SNV ngày {DATEP} của Sở Nội vụ tỉnh {P}',
  'Kế hoạch số {N3}/KH-UBND ngày {DATEP} của Ủy ban nhân dân huyện {D}',
]);

// Subject templates per type key. Công văn carry "V/v" or "Về việc" as clerks copy them from the document.
const SUBJECT_SRC: Record<string, string[]> = {
  CV: [
    'V/v triển khai thực hiện Kế hoạch {AREA} năm {Y}', 'V/v báo cáo kết quả công tác {AREA} {PERIOD}',
    'V/v {TASK}', 'V/v {TASK}', 'V/v {TASK} {PLACE}', 'Về việc {TASK}', 'Về việc {TASK}', 'V/v đôn đốc {TASK}',
    'V/v tăng cường công tác {AREA} {PLACE}', 'V/v góp ý {DRAFT}',
    'V/v cung cấp thông tin, số liệu về {AREA} {PERIOD}', 'V/v cử cán bộ tham dự {EV}',
    'V/v chuẩn bị nội dung phục vụ {EV}', 'Về việc hướng dẫn {TASK}',
    'V/v đăng ký nhu cầu kinh phí thực hiện nhiệm vụ {AREA} năm {Y1}',
    'V/v chấn chỉnh, nâng cao hiệu quả công tác {AREA}', 'V/v kiểm tra công tác {AREA} tại xã {C}',
    'Về việc trả lời kiến nghị của cử tri xã {C} về {AREA}', 'V/v báo cáo số liệu {AREA} trước ngày {DATE}',
    '{TASKCAP}', 'Triển khai thực hiện {REF}',
  ],
  QĐ: ['Về việc {DEC}', 'Về việc {DEC}', 'V/v {DEC}', '{DECCAP}'],
  KH: ['Triển khai công tác {AREA} năm {Y}', 'Thực hiện công tác {AREA} năm {Y} {PLACE}', 'Tổ chức {EV}',
    'Kiểm tra công tác {AREA} năm {Y}', '{TASKCAP}', '{TASKCAP}',
    'Thực hiện Chương trình hành động về {AREA} giai đoạn {GD}', 'Triển khai thực hiện {REF}'],
  BC: ['Kết quả thực hiện công tác {AREA} {PERIOD}', 'Tình hình thực hiện nhiệm vụ {AREA} {PERIOD}',
    'Công tác {AREA} năm {Y} và phương hướng, nhiệm vụ năm {Y1}', 'Kết quả kiểm tra công tác {AREA} tại xã {C}',
    'Tình hình kinh tế - xã hội tháng {M} và nhiệm vụ trọng tâm tháng {M1} năm {Y}', 'Kết quả {TASK}',
    'Sơ kết 6 tháng đầu năm {Y} công tác {AREA}'],
  TB: ['Kết luận của đồng chí {NAME} tại buổi làm việc với xã {C} về công tác {AREA}',
    'Kết luận của lãnh đạo {ISSUER} tại cuộc họp về {AREA}',
    'Về việc {TASK}', 'Lịch tiếp công dân định kỳ của lãnh đạo {ISSUER} tháng {M}/{Y}',
    'Kết quả thẩm định hồ sơ {AREA} năm {Y}', 'Về việc tổ chức {EV}',
    'Ý kiến chỉ đạo của lãnh đạo {ISSUER} về công tác {AREA}', 'Về việc {TASK} {PLACE}'],
  GM: ['Dự {EV}', 'Giấy mời dự {EV}', 'Mời dự {EV}', 'Mời họp bàn về công tác {AREA}',
    'Dự {EV} (thời gian: {HH} ngày {DATE})', 'V/v mời dự {EV}'],
  TTr: ['Về việc đề nghị phê duyệt Kế hoạch {AREA} năm {Y}', 'Đề nghị cấp bổ sung kinh phí thực hiện nhiệm vụ {AREA} năm {Y}',
    'Về việc đề nghị {DEC}', 'Đề nghị hỗ trợ kinh phí {TASK}', 'Về việc đề nghị thẩm định hồ sơ {AREA}'],
  HD: ['Hướng dẫn thực hiện công tác {AREA} năm {Y}', 'Hướng dẫn {TASK}', 'Về việc {TASK}', '{TASKCAP}',
    'Nghiệp vụ công tác {AREA} năm {Y}'],
  CT: ['Về việc tăng cường công tác {AREA} {PLACE}', 'Về việc {TASK}',
    'Về tổ chức Tết Nguyên đán {LUNAR} vui tươi, lành mạnh, an toàn, tiết kiệm'],
  CĐ: ['Về việc chủ động ứng phó với bão số {N9} năm {Y}',
    'Về việc tập trung ứng phó với mưa lớn, nguy cơ ngập úng, lũ quét, sạt lở đất',
    'Về việc chủ động phòng, chống đợt rét đậm, rét hại', 'Về việc tăng cường các biện pháp cấp bách phòng, chống {DISEASE}',
    'Về việc khẩn trương {TASK}'],
  NQ: ['Về nhiệm vụ phát triển kinh tế - xã hội năm {Y1}', 'Về dự toán ngân sách nhà nước năm {Y1}',
    'Phê chuẩn quyết toán ngân sách nhà nước năm {Y0}', 'Về kế hoạch đầu tư công năm {Y1}', '{DECCAP}',
    'Về việc thông qua Đề án {AREA} giai đoạn {GD}'],
  CTr: ['Chương trình công tác năm {Y} của {ISSUER}', 'Hành động thực hiện công tác {AREA} giai đoạn {GD}',
    'Công tác tháng {M} năm {Y}', 'Giám sát chuyên đề về {AREA} năm {Y}'],
  PA: ['Phòng, chống thiên tai và tìm kiếm cứu nạn năm {Y} theo phương châm “bốn tại chỗ”', 'Tổ chức {EV}',
    'Bồi thường, hỗ trợ và tái định cư dự án {PRJ}', 'Bảo đảm an ninh, trật tự phục vụ {EV}'],
  ĐA: ['{AREACAP} giai đoạn {GD}', 'Nâng cao hiệu quả công tác {AREA} giai đoạn {GD}, định hướng đến năm 2035'],
  DA: ['{PRJ}', 'Đầu tư {PRJLOW}'],
  BB: ['Kiểm tra công tác {AREA} tại xã {C}', 'Làm việc về công tác {AREA}',
    'Bàn giao mặt bằng thi công công trình {PRJ}', 'Họp xét duyệt {TASK}'],
  HĐ: ['Thu gom, vận chuyển rác thải sinh hoạt xã {C} năm {Y}', 'Cung cấp dịch vụ chứng thư số và hóa đơn điện tử',
    'Tư vấn giám sát thi công công trình {PRJ}', 'Thi công xây dựng công trình {PRJ}'],
  QC: ['Phối hợp giữa Ủy ban nhân dân xã {C} và Công an xã trong công tác {AREA}',
    'Phối hợp trong công tác {AREA}', 'Làm việc của Ban Chỉ đạo {AREA} huyện {D}'],
  QyĐ: ['Quy định về {AREA} trên địa bàn huyện {D}', 'Tiêu chí đánh giá kết quả thực hiện nhiệm vụ {AREA} năm {Y}'],
  TC: ['Thông cáo báo chí kết quả Kỳ họp thứ {N} Hội đồng nhân dân tỉnh {P} khóa XIX', 'Thông cáo báo chí về {EV}'],
  BGN: ['Hợp tác trong lĩnh vực {AREA} giai đoạn {GD}'],
  BTT: ['Thỏa thuận phối hợp thực hiện công tác {AREA} năm {Y}'],
  GUQ: ['Ủy quyền cho {PERSON} ký các văn bản về {AREA}'],
  GGT: ['Giới thiệu {PERSON}, công chức, đến liên hệ công tác về {AREA} tại Ủy ban nhân dân xã {C}'],
  GNP: ['Cho {PERSON}, công chức xã {C}, nghỉ phép năm {Y}'],
  PG: ['Gửi tài liệu {EV}', 'Gửi kèm hồ sơ {TASK}'],
  PC: ['Chuyển đơn của {PERSON}, trú tại thôn {T}, xã {C} đến Ủy ban nhân dân xã {C} giải quyết theo thẩm quyền',
    'Chuyển đơn kiến nghị của công dân về {AREA}'],
  PB: ['Về việc nộp kinh phí thực hiện nhiệm vụ {AREA} năm {Y}', 'Kết quả kiểm tra công tác {AREA}'],
  THU: ['Thư chúc mừng năm mới {LUNAR}', 'Thư cảm ơn các tập thể, cá nhân đã ủng hộ công tác {AREA}',
    'Thư kêu gọi ủng hộ đồng bào bị thiệt hại do bão, lũ'],
};
const SUBJECTS: Tpl[][] = TYPE_KEYS.map((k) => {
  const src = SUBJECT_SRC[k];
  if (!src) throw new Error(`No subject templates for type ${k}`);
  return compileAll(src);
});

// Body text pieces: opening reference, instructions, closing. Built only for ~5 % of documents.
const BODY_OPEN = compileAll([
  'Thực hiện {REF} về {AREA}; ', 'Căn cứ {REF}; ', 'Thực hiện chỉ đạo của Ủy ban nhân dân huyện tại {REF}; ',
]);
const BODY_INTRO = compileAll([
  'để triển khai có hiệu quả công tác {AREA} năm {Y}, {ISSUER} đề nghị Ủy ban nhân dân các xã, thị trấn quan tâm, chỉ đạo thực hiện tốt một số nội dung sau:',
  '{ISSUER} yêu cầu Chủ tịch Ủy ban nhân dân các xã, thị trấn khẩn trương triển khai một số nhiệm vụ trọng tâm sau:',
  'nhằm {TASK}, {ISSUER} đề nghị các cơ quan, đơn vị thực hiện các nội dung sau:',
]);
const BODY_ITEMS = compileAll([
  'Tổ chức quán triệt, tuyên truyền sâu rộng đến cán bộ, công chức và Nhân dân về công tác {AREA}.',
  'Chủ động rà soát, xây dựng kế hoạch cụ thể, phân công rõ người, rõ việc, rõ thời gian hoàn thành.',
  'Phối hợp chặt chẽ với Ủy ban Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội trong quá trình tổ chức thực hiện.',
  'Bố trí kinh phí từ nguồn ngân sách xã năm {Y} để triển khai các nhiệm vụ được giao.',
  'Định kỳ hằng tháng báo cáo kết quả thực hiện về {RECV} trước ngày 20 để tổng hợp.',
  '{TASKCAP} theo đúng quy định.', '{TASKCAP}, bảo đảm tiến độ và chất lượng.',
  'Kịp thời phản ánh những khó khăn, vướng mắc phát sinh trong quá trình thực hiện về {RECV} để được hướng dẫn, giải quyết.',
  'Chủ tịch Ủy ban nhân dân các xã, thị trấn chịu trách nhiệm trước Chủ tịch Ủy ban nhân dân huyện nếu để xảy ra sai sót, chậm trễ.',
  'Tổng hợp số liệu theo biểu mẫu tại Phụ lục kèm theo văn bản này, gửi bản điện tử qua Hệ thống quản lý văn bản và điều hành.',
  'Kiểm tra, đôn đốc thôn {T} và các thôn, tổ dân phố triển khai thực hiện, không để tồn đọng, kéo dài.',
  'Giao công chức chuyên môn tham mưu Ủy ban nhân dân xã tổ chức thực hiện, bảo đảm đúng tiến độ.',
  'Tăng cường công tác kiểm tra, giám sát, kịp thời chấn chỉnh các tồn tại, hạn chế.',
  'Đẩy mạnh ứng dụng công nghệ thông tin, số hóa hồ sơ, tài liệu phục vụ công tác {AREA}.',
  'Biểu dương, khen thưởng kịp thời các tập thể, cá nhân có thành tích tiêu biểu.',
]);
const BODY_CLOSE = compileAll([
  'Báo cáo kết quả thực hiện gửi về {RECV} trước ngày {DATE} để tổng hợp, báo cáo cấp trên. Đề nghị các đơn vị nghiêm túc triển khai thực hiện./.',
  'Nhận được văn bản này, đề nghị các đơn vị khẩn trương triển khai thực hiện./.',
  'Trong quá trình thực hiện, nếu có vướng mắc đề nghị liên hệ {RECV} để được hướng dẫn./.',
]);
const BODY_GM = compileAll([
  '{ISSUER} trân trọng kính mời đại diện lãnh đạo Ủy ban nhân dân xã {C} dự {EV}. Thời gian: {HH}, ngày {DATE}. Địa điểm: Hội trường Ủy ban nhân dân huyện {D}.',
]);
const BODY_GM_ITEMS = compileAll([
  'Thành phần: Chủ tịch hoặc Phó Chủ tịch Ủy ban nhân dân xã; công chức phụ trách lĩnh vực {AREA}.',
  'Nội dung: đánh giá kết quả thực hiện {PERIOD}, thảo luận, đề xuất giải pháp thực hiện trong thời gian tới.',
  'Đề nghị các đơn vị chuẩn bị báo cáo bằng văn bản, gửi về {RECV} trước ngày họp để tổng hợp.',
  'Tài liệu hội nghị được gửi qua Hệ thống quản lý văn bản và điều hành; đại biểu chủ động tải về nghiên cứu trước.',
  'Hội nghị được tổ chức trực tiếp kết hợp trực tuyến đến điểm cầu các xã, thị trấn.',
  'Đề nghị Ủy ban nhân dân xã {C} chuẩn bị ý kiến phát biểu tham luận về {TASK}.',
]);
const BODY_QD = compileAll([
  'QUYẾT ĐỊNH: Điều 1. {DECCAP}, với các nội dung chủ yếu sau:',
]);
const BODY_QD_CLOSE = compileAll([
  'Điều 2. Quyết định này có hiệu lực kể từ ngày ký. Điều 3. Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện, Thủ trưởng các cơ quan, đơn vị có liên quan và Chủ tịch Ủy ban nhân dân xã {C} chịu trách nhiệm thi hành Quyết định này./.',
]);
const BODY_BC_CLOSE = compileAll(['Trên đây là báo cáo kết quả công tác {AREA} {PERIOD} của {ISSUER}./.']);
const HOURS = NA(['07 giờ 30 phút', '08 giờ 00 phút', '08 giờ 30 phút', '09 giờ 00 phút', '14 giờ 00 phút', '14 giờ 30 phút']);

const NOTES = NA([
  'Bản chụp', 'Văn bản điện tử có chữ ký số', 'Kèm theo phụ lục', 'Kèm theo biểu mẫu báo cáo',
  'Gửi kèm file mềm qua thư điện tử', 'Bản sao y', 'Đã nhận bản giấy', 'Chuyển Đ/c Chủ tịch xem xét',
  'Hồ sơ kèm theo', 'Có tài liệu kèm theo', 'Văn bản gửi để biết', 'Đã báo cáo lãnh đạo', 'Khẩn, xử lý ngay',
]);
const ROMAN = ['I', 'II', 'III', 'IV'];
const CAN = NA(['Giáp', 'Ất', 'Bính', 'Đinh', 'Mậu', 'Kỷ', 'Canh', 'Tân', 'Nhâm', 'Quý']);
const CHI = NA(['Tý', 'Sửu', 'Dần', 'Mão', 'Thìn', 'Tỵ', 'Ngọ', 'Mùi', 'Thân', 'Dậu', 'Tuất', 'Hợi']);
const canChi = (y: number) => `${CAN[(((y + 6) % 10) + 10) % 10]} ${CHI[(((y + 8) % 12) + 12) % 12]}`;

// ---------------------------------------------------------------------------------------------------------------
// Issuers
// ---------------------------------------------------------------------------------------------------------------

type Kind = 'ubnd' | 'hdnd' | 'office' | 'agency' | 'security' | 'board' | 'mass' | 'local' | 'central';

// Type frequencies per kind of issuer (relative): what a commune actually receives from each. Công văn ends up ≈ 45 %.
const TYPE_WEIGHTS: Record<Kind, Record<string, number>> = {
  ubnd: { CV: 40, QĐ: 16, KH: 11, TB: 8, GM: 5, BC: 6, CT: 1, CĐ: 1.2, HD: 0.8, CTr: 1, PA: 0.8, ĐA: 0.3, TTr: 0.3,
    QC: 0.4, QyĐ: 0.3, BB: 0.3, PC: 1.5, PG: 0.4, GGT: 0.2, GUQ: 0.1, HĐ: 0.1, TC: 0.05, BGN: 0.05, BTT: 0.05,
    PB: 0.1, GNP: 0.05, DA: 0.1, THU: 0.15 },
  hdnd: { CV: 30, NQ: 25, TB: 12, GM: 12, BC: 10, KH: 6, CTr: 4, BB: 1, TC: 0.5 },
  office: { CV: 50, KH: 8, BC: 5, QĐ: 4, TB: 9, GM: 10, HD: 7, TTr: 1.5, CTr: 1, PA: 0.5, PC: 0.5, PG: 0.5, BB: 0.5,
    GGT: 0.4, HĐ: 0.2, QC: 0.2, ĐA: 0.2, PB: 0.2, CĐ: 0.2 },
  agency: { CV: 56, TB: 10, KH: 7, BC: 6, GM: 7, QĐ: 3, HD: 6, PB: 1, PG: 1, BB: 1, HĐ: 0.5, GGT: 0.5, TTr: 0.5 },
  security: { CV: 45, KH: 14, TB: 10, BC: 8, GM: 6, QĐ: 4, HD: 4, PA: 3, CĐ: 0.5, GGT: 1, BB: 1, TTr: 0.5 },
  board: { CV: 22, KH: 25, TB: 15, QĐ: 10, BC: 10, GM: 8, CĐ: 3, HD: 3, PA: 2, QC: 1, CTr: 1 },
  mass: { CV: 40, KH: 15, TB: 10, GM: 12, BC: 8, HD: 5, CTr: 5, THU: 2, BTT: 0.5, BGN: 0.3, QC: 0.5 },
  local: { CV: 35, BC: 18, TTr: 15, KH: 10, GM: 6, TB: 5, BB: 4, GGT: 4, GNP: 0.5, HĐ: 1, GUQ: 0.5, PG: 1 },
  central: { CV: 60, QĐ: 8, TB: 6, HD: 8, KH: 5, CĐ: 3, BC: 3, GM: 2, TC: 0.5, CT: 0.5, THU: 0.5 },
};

// Share of an issuer's yearly numbering that each type's series reaches (NĐ 30 lets the head number per type).
// Thư công carries the công văn ký hiệu, so it takes its numbers from the same series.
const SERIES_SCALE: Record<string, number> = { CV: 1, THU: 1, QĐ: 0.8, KH: 0.12, BC: 0.25, TB: 0.15, GM: 0.08, HD: 0.05 };

/** Signature block vocabulary: collective line (TM.), head and deputy titles, and who signs thừa lệnh. */
interface Sig { tm?: string; head: string; dep?: string; tl?: string; tuq?: boolean }
const SIG: Record<string, Sig> = {
  ubnd: { tm: 'TM. ỦY BAN NHÂN DÂN', head: 'CHỦ TỊCH', dep: 'PHÓ CHỦ TỊCH', tl: 'CHÁNH VĂN PHÒNG', tuq: true },
  ubndXa: { tm: 'TM. ỦY BAN NHÂN DÂN', head: 'CHỦ TỊCH', dep: 'PHÓ CHỦ TỊCH' },
  hdnd: { tm: 'TM. THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN', head: 'CHỦ TỊCH', dep: 'PHÓ CHỦ TỊCH' },
  so: { head: 'GIÁM ĐỐC', dep: 'PHÓ GIÁM ĐỐC', tl: 'CHÁNH VĂN PHÒNG' },
  gd: { head: 'GIÁM ĐỐC', dep: 'PHÓ GIÁM ĐỐC' },
  phong: { head: 'TRƯỞNG PHÒNG', dep: 'PHÓ TRƯỞNG PHÒNG' },
  vp: { head: 'CHÁNH VĂN PHÒNG', dep: 'PHÓ CHÁNH VĂN PHÒNG' },
  thanhtra: { head: 'CHÁNH THANH TRA', dep: 'PHÓ CHÁNH THANH TRA' },
  ca: { head: 'TRƯỞNG CÔNG AN', dep: 'PHÓ TRƯỞNG CÔNG AN' },
  qs: { head: 'CHỈ HUY TRƯỞNG', dep: 'PHÓ CHỈ HUY TRƯỞNG' },
  chicuc: { head: 'CHI CỤC TRƯỞNG', dep: 'PHÓ CHI CỤC TRƯỞNG' },
  cuc: { head: 'CỤC TRƯỞNG', dep: 'PHÓ CỤC TRƯỞNG', tl: 'CHÁNH VĂN PHÒNG' },
  truong: { head: 'HIỆU TRƯỞNG', dep: 'PHÓ HIỆU TRƯỞNG' },
  tram: { head: 'TRẠM TRƯỞNG' },
  toa: { head: 'CHÁNH ÁN', dep: 'PHÓ CHÁNH ÁN' },
  vks: { head: 'VIỆN TRƯỞNG', dep: 'PHÓ VIỆN TRƯỞNG' },
  hat: { head: 'HẠT TRƯỞNG', dep: 'PHÓ HẠT TRƯỞNG' },
  bcd: { tm: 'TM. BAN CHỈ ĐẠO', head: 'TRƯỞNG BAN', dep: 'PHÓ TRƯỞNG BAN' },
  bch: { tm: 'TM. BAN CHỈ HUY', head: 'TRƯỞNG BAN', dep: 'PHÓ TRƯỞNG BAN' },
  hd: { tm: 'TM. HỘI ĐỒNG', head: 'CHỦ TỊCH', dep: 'PHÓ CHỦ TỊCH' },
  ubbc: { tm: 'TM. ỦY BAN BẦU CỬ', head: 'CHỦ TỊCH', dep: 'PHÓ CHỦ TỊCH' },
  mttq: { tm: 'TM. BAN THƯỜNG TRỰC', head: 'CHỦ TỊCH', dep: 'PHÓ CHỦ TỊCH' },
  doanthe: { tm: 'TM. BAN THƯỜNG VỤ', head: 'CHỦ TỊCH', dep: 'PHÓ CHỦ TỊCH' },
  bo: { head: 'BỘ TRƯỞNG', dep: 'THỨ TRƯỞNG', tl: 'CHÁNH VĂN PHÒNG' },
  vpcp: { head: 'BỘ TRƯỞNG, CHỦ NHIỆM', dep: 'PHÓ CHỦ NHIỆM', tl: 'VỤ TRƯỞNG VỤ TỔNG HỢP' },
  tgd: { head: 'TỔNG GIÁM ĐỐC', dep: 'PHÓ TỔNG GIÁM ĐỐC' },
  ban: { head: 'TRƯỞNG BAN', dep: 'PHÓ TRƯỞNG BAN' },
};

interface IssuerSrc {
  name: string;
  code: string | null;
  abbr: string;
  /** Drafting-unit suffixes of công văn ký hiệu ("UBND-VP"); '' = the organisation abbreviation alone. */
  cv: string[];
  kind: Kind;
  sig: string;
  w: number;
  /** Documents numbered per year in the công văn series; other series scale from it. */
  vol: number;
  focus?: string[];
  /** Issues văn bản QPPL (QĐ numbered "n/yyyy/QĐ-UBND"). */
  qppl?: boolean;
}

const PROV_CODE = 'H23'; // Hà Nam in the QCVN 102 H01–H63 alphabetical list (Hà Nội = H24).
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const hcode = (l4: number, l3: number, l2: number) => `${pad(l4, 3)}.${pad(l3, 2)}.${pad(l2, 2)}.${PROV_CODE}`;

function buildIssuers(): IssuerSrc[] {
  const out: IssuerSrc[] = [];
  const add = (s: IssuerSrc) => out.push(s);
  const P = HOME.province;
  const D = HOME.district;

  // Central bodies: rare, nearly all through the axis. G-codes partly from the spec (G09, G12, G22), partly plausible.
  const central: [string, string | null, string, string[], string, number, string[]][] = [
    ['Văn phòng Chính phủ', '000.00.00.G22', 'VPCP', ['KGVX', 'NN', 'V.I', 'TH'], 'vpcp', 0.6, []],
    ['Bộ Nội vụ', '000.00.00.G09', 'BNV', ['CCVC', 'CQĐP', 'TCBC', 'VP'], 'bo', 0.5, ['noivu', 'cchc']],
    ['Bộ Tài chính', '000.00.00.G12', 'BTC', ['NSNN', 'QLCS', 'ĐT'], 'bo', 0.3, ['taichinh', 'dautu']],
    ['Bộ Nông nghiệp và Phát triển nông thôn', '000.00.00.G14', 'BNN', ['VPĐP', 'TL', 'TY'], 'bo', 0.3, ['ntm', 'pctt']],
    ['Bộ Tài nguyên và Môi trường', '000.00.00.G20', 'BTNMT', ['ĐĐ', 'MT'], 'bo', 0.2, ['datdai', 'moitruong']],
    ['Bộ Lao động - Thương binh và Xã hội', '000.00.00.G10', 'BLĐTBXH', ['NCC', 'BTXH'], 'bo', 0.2, ['chinhsach']],
    ['Bộ Y tế', '000.00.00.G21', 'BYT', ['DP', 'KCB'], 'bo', 0.2, ['yte']],
    ['Bộ Thông tin và Truyền thông', '000.00.00.G18', 'BTTTT', ['CĐSQG', 'THH'], 'bo', 0.2, ['cds']],
    ['Bộ Tư pháp', '000.00.00.G19', 'BTP', ['HTQTCT', 'PBGDPL'], 'bo', 0.15, ['hotich', 'phapluat']],
    ['Bảo hiểm xã hội Việt Nam', '000.00.00.G26', 'BHXH', ['TST', 'CSYT', 'QLT'], 'tgd', 0.4, ['bhxh']],
    ['Cục Văn thư và Lưu trữ nhà nước', '000.01.00.G09', 'VTLTNN', ['NVTW', 'NVĐP'], 'cuc', 0.3, ['vanthu']],
    ['Tổng cục Thuế', '000.00.18.G12', 'TCT', ['DNNCN', 'KK'], 'cuc', 0.1, ['taichinh']],
    ['Ban Chỉ đạo quốc gia về Phòng, chống thiên tai', '000.02.14.G14', 'BCĐQG', ['VP'], 'bcd', 0.3, ['pctt']],
    ['Ủy ban Quốc gia về chuyển đổi số', null, 'UBQGCĐS', ['VP'], 'bcd', 0.1, ['cds']],
  ];
  for (const [name, code, abbr, cv, sig, w, focus] of central) {
    add({ name, code, abbr, cv, kind: 'central', sig, w, vol: 9000, focus });
  }

  // Province Hà Nam.
  add({ name: `Ủy ban nhân dân tỉnh ${P}`, code: hcode(0, 0, 0), abbr: 'UBND', cv: ['KGVX', 'KT', 'TH', 'NC', 'NN', 'ĐT', 'VP'],
    kind: 'ubnd', sig: 'ubnd', w: 35, vol: 6000, qppl: true });
  add({ name: `Văn phòng Ủy ban nhân dân tỉnh ${P}`, code: hcode(0, 1, 0), abbr: 'VPUBND', cv: ['KGVX', 'KT', 'TH', 'NC', 'HCTC'],
    kind: 'office', sig: 'vp', w: 25, vol: 4000 });
  add({ name: `Hội đồng nhân dân tỉnh ${P}`, code: hcode(0, 2, 0), abbr: 'HĐND', cv: ['VP'], kind: 'hdnd', sig: 'hdnd', w: 4, vol: 400 });
  const so: [string, string, string[], number, string[]][] = [
    ['Sở Nội vụ', 'SNV', ['CCVC', 'XDCQ', 'VP', 'CCHC', 'TĐKT'], 10, ['noivu', 'cchc', 'thidua', 'vanthu', 'tongiao']],
    ['Sở Tài chính', 'STC', ['QLNS', 'TCHCSN', 'ĐT', 'VP', 'QLG'], 10, ['taichinh', 'dautu']],
    ['Sở Kế hoạch và Đầu tư', 'SKHĐT', ['TH', 'KTĐN', 'VP'], 6, ['dautu', 'ktxh']],
    ['Sở Nông nghiệp và Phát triển nông thôn', 'SNN', ['TL', 'TT', 'KHTC', 'VP'], 10, ['nongnghiep', 'pctt', 'ntm', 'thuy']],
    ['Sở Tài nguyên và Môi trường', 'STNMT', ['ĐĐ', 'MT', 'VP', 'TNN'], 9, ['datdai', 'moitruong']],
    ['Sở Lao động - Thương binh và Xã hội', 'SLĐTBXH', ['NCC', 'BTXH', 'GNBĐG', 'VP'], 8, ['chinhsach', 'giamngheo', 'treem', 'laodong']],
    ['Sở Y tế', 'SYT', ['NVY', 'NVD', 'VP'], 6, ['yte', 'attp', 'danso']],
    ['Sở Giáo dục và Đào tạo', 'SGDĐT', ['GDPT', 'GDMN', 'VP'], 3, ['giaoduc']],
    ['Sở Văn hóa, Thể thao và Du lịch', 'SVHTTDL', ['QLVH', 'TDTT', 'VP'], 5, ['vanhoa']],
    ['Sở Thông tin và Truyền thông', 'STTTT', ['CNTT', 'TTBCXB', 'VP'], 6, ['cds']],
    ['Sở Tư pháp', 'STP', ['HCTP', 'PBGDPL', 'XDKTVB', 'VP'], 6, ['hotich', 'phapluat']],
    ['Sở Xây dựng', 'SXD', ['QHKT', 'QLXD', 'VP'], 5, ['xaydung', 'dautu']],
    ['Sở Giao thông vận tải', 'SGTVT', ['QLKCHTGT', 'VP'], 4, ['atgt']],
    ['Sở Công Thương', 'SCT', ['QLTM', 'QLCN', 'VP'], 4, ['attp']],
    ['Sở Khoa học và Công nghệ', 'SKHCN', ['QLKH', 'VP'], 2, ['cds']],
  ];
  so.forEach(([n, abbr, cv, w, focus], k) =>
    add({ name: `${n} tỉnh ${P}`, code: hcode(0, 0, 3 + k), abbr, cv, kind: 'office', sig: 'so', w, vol: 2500, focus }));
  add({ name: `Thanh tra tỉnh ${P}`, code: hcode(0, 0, 19), abbr: 'TTT', cv: ['VP', 'NV1'], kind: 'office', sig: 'thanhtra', w: 3, vol: 600, focus: ['tiepdan', 'thamnhung'] });
  add({ name: `Công an tỉnh ${P}`, code: null, abbr: 'CAT', cv: ['PV01', 'PC06', 'PC07', 'PC08', 'PV06'], kind: 'security', sig: 'gd', w: 5, vol: 5000, focus: ['antt', 'atgt', 'pccc', 'hotich'] });
  add({ name: `Bộ Chỉ huy Quân sự tỉnh ${P}`, code: null, abbr: 'BCH', cv: ['TM', 'CT', 'HC'], kind: 'security', sig: 'qs', w: 5, vol: 3000, focus: ['quocphong', 'tuyenquan', 'pctt'] });
  add({ name: `Bảo hiểm xã hội tỉnh ${P}`, code: hcode(0, 0, 30), abbr: 'BHXH', cv: ['QLT', 'CĐBHXH', 'GĐBHYT', 'KHTC'], kind: 'agency', sig: 'gd', w: 6, vol: 3000, focus: ['bhxh'] });
  add({ name: `Cục Thuế tỉnh ${P}`, code: '000.23.18.G12', abbr: 'CTHNA', cv: ['NVDTPC', 'HKDCN', 'TTHT'], kind: 'agency', sig: 'cuc', w: 3, vol: 4000, focus: ['taichinh'] });
  add({ name: `Kho bạc Nhà nước ${P}`, code: null, abbr: 'KBHN', cv: ['KSC', 'KTNN'], kind: 'agency', sig: 'gd', w: 2, vol: 1500, focus: ['taichinh', 'dautu'] });
  add({ name: `Cục Thống kê tỉnh ${P}`, code: null, abbr: 'CTK', cv: ['TKXH', 'TH'], kind: 'agency', sig: 'cuc', w: 4, vol: 800, focus: ['thongke', 'ktxh'] });
  const provUnits: [string, string, Kind, string, number, string[], number][] = [
    ['Trung tâm Kiểm soát bệnh tật tỉnh', 'KSBT', 'agency', 'gd', 4, ['yte', 'danso', 'attp'], 60],
    ['Ban Quản lý các khu công nghiệp tỉnh', 'BQLKCN', 'agency', 'ban', 1, ['laodong', 'moitruong'], 61],
    ['Chi cục Thủy lợi tỉnh', 'CCTL', 'agency', 'chicuc', 2, ['pctt', 'nongnghiep'], 62],
    ['Chi cục Phát triển nông thôn tỉnh', 'CCPTNT', 'agency', 'chicuc', 2, ['ntm'], 63],
    ['Chi cục Chăn nuôi và Thú y tỉnh', 'CCCNTY', 'agency', 'chicuc', 3, ['thuy'], 64],
    ['Chi cục Trồng trọt và Bảo vệ thực vật tỉnh', 'CCTTBVTV', 'agency', 'chicuc', 2, ['nongnghiep'], 65],
    ['Chi cục Văn thư - Lưu trữ tỉnh', 'CCVTLT', 'agency', 'chicuc', 2, ['vanthu'], 66],
    ['Chi cục Dân số - Kế hoạch hóa gia đình tỉnh', 'CCDS', 'agency', 'chicuc', 1.5, ['danso'], 67],
    ['Chi cục An toàn vệ sinh thực phẩm tỉnh', 'CCATVSTP', 'agency', 'chicuc', 1.5, ['attp'], 68],
    ['Chi cục Kiểm lâm tỉnh', 'CCKL', 'agency', 'chicuc', 1, ['pccc', 'moitruong'], 69],
    ['Ban Thi đua - Khen thưởng tỉnh', 'BTĐKT', 'agency', 'ban', 2, ['thidua'], 70],
    ['Ban Tôn giáo tỉnh', 'BTG', 'agency', 'ban', 0.8, ['tongiao'], 71],
    ['Trung tâm Phục vụ hành chính công tỉnh', 'TTPVHCC', 'agency', 'gd', 3, ['cchc', 'cds'], 72],
    ['Văn phòng Điều phối nông thôn mới tỉnh', 'VPĐP', 'office', 'vp', 3, ['ntm'], 73],
    ['Trung tâm Khuyến nông tỉnh', 'TTKN', 'agency', 'gd', 1, ['nongnghiep'], 74],
    ['Trung tâm Công nghệ thông tin và Truyền thông tỉnh', 'TTCNTT', 'agency', 'gd', 1, ['cds'], 75],
    ['Trung tâm Phát triển quỹ đất tỉnh', 'TTPTQĐ', 'agency', 'gd', 1, ['datdai'], 76],
    ['Trung tâm Nước sạch và Vệ sinh môi trường nông thôn tỉnh', 'TTNS', 'agency', 'gd', 0.8, ['moitruong', 'ntm'], 77],
    ['Đài Phát thanh và Truyền hình', 'PTTH', 'agency', 'gd', 0.6, ['vanhoa'], 78],
    ['Bệnh viện Đa khoa tỉnh', 'BVĐK', 'agency', 'gd', 0.5, ['yte'], 79],
  ];
  for (const [n, abbr, kind, sig, w, focus, l2] of provUnits) {
    add({ name: `${n} ${P}`, code: hcode(0, 0, l2), abbr, cv: ['', 'VP', 'NV'], kind, sig, w, vol: 700, focus });
  }
  add({ name: `Ban Chỉ huy Phòng, chống thiên tai và Tìm kiếm cứu nạn tỉnh ${P}`, code: hcode(0, 3, 0), abbr: 'BCH', cv: ['VP'], kind: 'board', sig: 'bch', w: 4, vol: 300, focus: ['pctt'] });
  add({ name: `Ủy ban bầu cử tỉnh ${P}`, code: hcode(0, 4, 0), abbr: 'UBBC', cv: [''], kind: 'board', sig: 'ubbc', w: 2, vol: 200, focus: ['baucu'] });
  add({ name: `Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh ${P}`, code: null, abbr: 'MTTQ-BTT', cv: [''], kind: 'mass', sig: 'mttq', w: 2, vol: 500, focus: ['giamngheo', 'vanhoa', 'baucu'] });
  add({ name: `Liên đoàn Lao động tỉnh ${P}`, code: null, abbr: 'LĐLĐ', cv: [''], kind: 'mass', sig: 'doanthe', w: 1, vol: 400, focus: ['laodong'] });
  add({ name: `Hội Nông dân tỉnh ${P}`, code: null, abbr: 'HND', cv: [''], kind: 'mass', sig: 'doanthe', w: 0.7, vol: 300, focus: ['nongnghiep'] });
  add({ name: `Hội Liên hiệp Phụ nữ tỉnh ${P}`, code: null, abbr: 'HLHPN', cv: [''], kind: 'mass', sig: 'doanthe', w: 0.7, vol: 300, focus: ['danso', 'treem'] });

  // Home district: the committee and its offices send most of what a commune receives.
  const DL = 43;
  add({ name: `Ủy ban nhân dân huyện ${D}`, code: hcode(0, 0, DL), abbr: 'UBND',
    cv: ['VP', 'VP', 'TCKH', 'TNMT', 'NV', 'NN', 'LĐTBXH', 'VHTT', 'TP', 'GDĐT', 'KTHT', 'TTH'],
    kind: 'ubnd', sig: 'ubnd', w: 220, vol: 3500 });
  add({ name: `Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện ${D}`, code: hcode(0, 1, DL), abbr: 'VP', cv: ['', 'TH', 'HCTC'],
    kind: 'office', sig: 'vp', w: 60, vol: 900 });
  add({ name: `Hội đồng nhân dân huyện ${D}`, code: hcode(0, 2, DL), abbr: 'HĐND', cv: [''], kind: 'hdnd', sig: 'hdnd', w: 10, vol: 300 });
  const phong: [string, string, number, string[]][] = [
    ['Phòng Tài chính - Kế hoạch', 'TCKH', 30, ['taichinh', 'dautu', 'ktxh']],
    ['Phòng Nội vụ', 'NV', 30, ['noivu', 'cchc', 'thidua', 'vanthu', 'tongiao', 'baucu']],
    ['Phòng Tài nguyên và Môi trường', 'TNMT', 28, ['datdai', 'moitruong']],
    ['Phòng Lao động - Thương binh và Xã hội', 'LĐTBXH', 25, ['chinhsach', 'giamngheo', 'treem', 'laodong']],
    ['Phòng Nông nghiệp và Phát triển nông thôn', 'NN', 20, ['nongnghiep', 'pctt', 'ntm', 'thuy']],
    ['Phòng Kinh tế và Hạ tầng', 'KTHT', 18, ['xaydung', 'dautu', 'atgt']],
    ['Phòng Văn hóa và Thông tin', 'VHTT', 18, ['vanhoa', 'cds']],
    ['Phòng Tư pháp', 'TP', 18, ['hotich', 'phapluat']],
    ['Phòng Giáo dục và Đào tạo', 'GDĐT', 15, ['giaoduc']],
    ['Phòng Y tế', 'YT', 12, ['yte', 'attp', 'danso']],
  ];
  phong.forEach(([n, abbr, w, focus], k) =>
    add({ name: `${n} huyện ${D}`, code: hcode(0, 3 + k, DL), abbr, cv: ['', '', 'VP'], kind: 'office', sig: 'phong', w, vol: 900, focus }));
  add({ name: `Thanh tra huyện ${D}`, code: hcode(0, 14, DL), abbr: 'TTH', cv: [''], kind: 'office', sig: 'thanhtra', w: 8, vol: 300, focus: ['tiepdan', 'thamnhung'] });
  const distUnits: [string, string | null, string, Kind, string, number, string[], number][] = [
    [`Bảo hiểm xã hội huyện ${D}`, hcode(0, 3, 30), 'BHXH', 'agency', 'gd', 20, ['bhxh'], 1200],
    [`Công an huyện ${D}`, null, 'CAH', 'security', 'ca', 12, ['antt', 'atgt', 'pccc', 'hotich'], 2000],
    [`Ban Chỉ huy Quân sự huyện ${D}`, null, 'BCH', 'security', 'qs', 15, ['quocphong', 'tuyenquan', 'pctt'], 1200],
    [`Trung tâm Y tế huyện ${D}`, hcode(0, 3, 9), 'TTYT', 'agency', 'gd', 15, ['yte', 'danso', 'attp'], 900],
    [`Chi cục Thuế khu vực Kim Bảng - Duy Tiên`, '004.23.18.G12', 'CCT', 'agency', 'chicuc', 8, ['taichinh'], 2000],
    [`Kho bạc Nhà nước ${D}`, null, 'KBKB', 'agency', 'gd', 6, ['taichinh', 'dautu'], 600],
    [`Chi cục Thống kê huyện ${D}`, null, 'CCTK', 'agency', 'chicuc', 6, ['thongke', 'ktxh'], 300],
    [`Trung tâm Văn hóa, Thông tin và Thể thao huyện ${D}`, hcode(0, 15, DL), 'TTVHTTTT', 'agency', 'gd', 6, ['vanhoa'], 200],
    [`Ban Quản lý dự án đầu tư xây dựng huyện ${D}`, hcode(0, 16, DL), 'BQLDA', 'agency', 'gd', 5, ['dautu'], 400],
    [`Chi nhánh Văn phòng Đăng ký đất đai huyện ${D}`, hcode(2, 0, 7), 'CNVPĐKĐĐ', 'agency', 'gd', 8, ['datdai'], 1500],
    [`Trung tâm Dịch vụ nông nghiệp huyện ${D}`, hcode(0, 17, DL), 'TTDVNN', 'agency', 'gd', 5, ['nongnghiep', 'thuy'], 200],
    [`Phòng giao dịch Ngân hàng Chính sách xã hội huyện ${D}`, null, 'NHCS', 'agency', 'gd', 5, ['giamngheo'], 300],
    [`Điện lực ${D}`, null, 'ĐLKB', 'agency', 'gd', 3, ['pctt'], 800],
    [`Viện kiểm sát nhân dân huyện ${D}`, null, 'VKS', 'agency', 'vks', 3, ['antt', 'tiepdan'], 400],
    [`Tòa án nhân dân huyện ${D}`, null, 'TA', 'agency', 'toa', 3, ['tiepdan', 'hotich'], 500],
    [`Chi cục Thi hành án dân sự huyện ${D}`, null, 'CCTHADS', 'agency', 'chicuc', 3, ['tiepdan'], 600],
    [`Hạt Kiểm lâm huyện ${D}`, null, 'HKL', 'agency', 'hat', 2, ['pccc', 'moitruong'], 150],
    [`Ủy ban Mặt trận Tổ quốc Việt Nam huyện ${D}`, null, 'MTTQ-BTT', 'mass', 'mttq', 8, ['giamngheo', 'vanhoa', 'baucu', 'ntm'], 400],
    [`Liên đoàn Lao động huyện ${D}`, null, 'LĐLĐ', 'mass', 'doanthe', 3, ['laodong'], 200],
    [`Hội Nông dân huyện ${D}`, null, 'HND', 'mass', 'doanthe', 2, ['nongnghiep'], 150],
    [`Hội Liên hiệp Phụ nữ huyện ${D}`, null, 'HLHPN', 'mass', 'doanthe', 2, ['danso', 'treem'], 150],
    [`Hội Cựu chiến binh huyện ${D}`, null, 'HCCB', 'mass', 'doanthe', 1, ['quocphong'], 100],
    [`Hội đồng nghĩa vụ quân sự huyện ${D}`, hcode(0, 18, DL), 'HĐNVQS', 'board', 'hd', 5, ['tuyenquan'], 150],
    [`Ban Chỉ huy Phòng, chống thiên tai và Tìm kiếm cứu nạn huyện ${D}`, hcode(0, 19, DL), 'BCH', 'board', 'bch', 6, ['pctt'], 200],
    [`Ban Chỉ đạo các chương trình mục tiêu quốc gia huyện ${D}`, hcode(0, 20, DL), 'BCĐ', 'board', 'bcd', 4, ['ntm', 'giamngheo'], 150],
    [`Ban Chỉ đạo phòng, chống tội phạm huyện ${D}`, null, 'BCĐ', 'board', 'bcd', 2, ['antt'], 80],
    [`Hội đồng Thi đua - Khen thưởng huyện ${D}`, null, 'HĐTĐKT', 'board', 'hd', 3, ['thidua'], 120],
    [`Hội đồng Phối hợp phổ biến, giáo dục pháp luật huyện ${D}`, null, 'HĐPH', 'board', 'hd', 1.5, ['phapluat'], 60],
    [`Ủy ban bầu cử huyện ${D}`, hcode(0, 45, DL), 'UBBC', 'board', 'ubbc', 5, ['baucu'], 150],
    [`Trường Trung học phổ thông A ${D}`, null, 'THPTA', 'local', 'truong', 0.5, ['giaoduc'], 150],
    [`Trường Trung học phổ thông B ${D}`, null, 'THPTB', 'local', 'truong', 0.5, ['giaoduc'], 150],
    [`Trường Trung học phổ thông C ${D}`, null, 'THPTC', 'local', 'truong', 0.4, ['giaoduc'], 150],
  ];
  for (const [name, code, abbr, kind, sig, w, focus, vol] of distUnits) {
    add({ name, code, abbr, cv: kind === 'agency' || kind === 'security' ? ['', 'TH', 'NV'] : [''], kind, sig, w, vol, focus });
  }

  // Communes of the home district (the home commune's own units write to it; the other communes rarely do).
  COMMUNES.forEach((c, k) => {
    const home = c === HOME.commune;
    const unit = communeUnit(c);
    // Initials for school ký hiệu: plain capitals except Đ ("Nguyễn Úy" -> "NU", "Đồng Hóa" -> "ĐH").
    const ini = c.split(' ').map((p) => p.charAt(0).toUpperCase().normalize('NFD').charAt(0).normalize('NFC')).join('');
    const zipf = 1 / (1 + k * 0.4);
    const l3 = 21 + k;
    if (!home) {
      add({ name: `Ủy ban nhân dân ${unit}`, code: hcode(0, l3, DL), abbr: 'UBND', cv: ['', 'VP', 'ĐC'], kind: 'ubnd',
        sig: 'ubndXa', w: 3 * zipf, vol: 500 });
    }
    const f = home ? 1 : 0.05 * zipf;
    add({ name: `Công an ${unit}`, code: null, abbr: 'CAX', cv: [''], kind: 'security', sig: 'ca', w: 8 * f, vol: 200, focus: ['antt', 'atgt', 'hotich', 'pccc'] });
    add({ name: `Ban Chỉ huy Quân sự ${unit}`, code: null, abbr: 'BCHQS', cv: [''], kind: 'security', sig: 'qs', w: 5 * f, vol: 80, focus: ['quocphong', 'tuyenquan'] });
    add({ name: `Trạm Y tế ${unit}`, code: null, abbr: 'TYT', cv: [''], kind: 'local', sig: 'tram', w: 4 * f, vol: 60, focus: ['yte', 'danso', 'attp'] });
    add({ name: `Trường Mầm non ${c}`, code: null, abbr: `MN${ini}`, cv: [''], kind: 'local', sig: 'truong', w: 3 * f, vol: 50, focus: ['giaoduc'] });
    add({ name: `Trường Tiểu học ${c}`, code: null, abbr: `TH${ini}`, cv: [''], kind: 'local', sig: 'truong', w: 3 * f, vol: 50, focus: ['giaoduc'] });
    add({ name: `Trường Trung học cơ sở ${c}`, code: null, abbr: `THCS${ini}`, cv: [''], kind: 'local', sig: 'truong', w: 3 * f, vol: 60, focus: ['giaoduc'] });
    add({ name: `Ủy ban Mặt trận Tổ quốc Việt Nam ${unit}`, code: null, abbr: 'MTTQ', cv: [''], kind: 'mass', sig: 'mttq', w: 3 * f, vol: 80, focus: ['giamngheo', 'vanhoa', 'baucu'] });
    if (!TOWNS.has(c)) {
      add({ name: `Hợp tác xã nông nghiệp ${c}`, code: null, abbr: 'HTX', cv: [''], kind: 'local', sig: 'gd', w: 2 * f, vol: 40, focus: ['nongnghiep'] });
    }
  });

  // Neighbouring districts of the province: occasional letters to every commune of Hà Nam.
  const others: [string, number][] = [
    ['thành phố Phủ Lý', 41], ['thị xã Duy Tiên', 42], ['huyện Thanh Liêm', 44], ['huyện Bình Lục', 45],
    ['huyện Lý Nhân', 46],
  ];
  others.forEach(([unit, l2], k) => {
    const z = 1 / (1 + k * 0.5);
    add({ name: `Ủy ban nhân dân ${unit}`, code: hcode(0, 0, l2), abbr: 'UBND', cv: ['VP', 'TNMT', 'NV'], kind: 'ubnd', sig: 'ubnd', w: 2 * z, vol: 3500 });
    add({ name: `Văn phòng Hội đồng nhân dân và Ủy ban nhân dân ${unit}`, code: hcode(0, 1, l2), abbr: 'VP', cv: [''], kind: 'office', sig: 'vp', w: 0.4 * z, vol: 900 });
    const offs: [string, string, string[]][] = [
      ['Phòng Tài nguyên và Môi trường', 'TNMT', ['datdai']], ['Phòng Nội vụ', 'NV', ['noivu']],
      ['Phòng Tài chính - Kế hoạch', 'TCKH', ['taichinh']], ['Phòng Lao động - Thương binh và Xã hội', 'LĐTBXH', ['chinhsach']],
      ['Phòng Văn hóa và Thông tin', 'VHTT', ['vanhoa']], ['Phòng Tư pháp', 'TP', ['hotich']],
    ];
    offs.forEach(([n, abbr, focus], j) =>
      add({ name: `${n} ${unit}`, code: hcode(0, 3 + j, l2), abbr, cv: [''], kind: 'office', sig: 'phong', w: 0.3 * z / (1 + j * 0.3), vol: 800, focus }));
    const short = unit.replace(/^(huyện|thị xã|thành phố) /, '');
    add({ name: `Bảo hiểm xã hội ${unit}`, code: `000.${pad(4 + k, 2)}.30.${PROV_CODE}`, abbr: 'BHXH', cv: [''], kind: 'agency', sig: 'gd', w: 0.3 * z, vol: 1000, focus: ['bhxh'] });
    add({ name: `Công an ${unit}`, code: null, abbr: 'CAH', cv: [''], kind: 'security', sig: 'ca', w: 0.3 * z, vol: 2000, focus: ['antt'] });
    add({ name: `Ban Chỉ huy Quân sự ${unit}`, code: null, abbr: 'BCH', cv: ['TM'], kind: 'security', sig: 'qs', w: 0.2 * z, vol: 1000, focus: ['quocphong'] });
    add({ name: `Trung tâm Y tế ${unit}`, code: hcode(0, 4 + k, 9), abbr: 'TTYT', cv: [''], kind: 'agency', sig: 'gd', w: 0.2 * z, vol: 800, focus: ['yte'] });
    add({ name: `Kho bạc Nhà nước ${short}`, code: null, abbr: 'KB', cv: [''], kind: 'agency', sig: 'gd', w: 0.1 * z, vol: 500, focus: ['taichinh'] });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Calendar per year: working days, date strings, days off. Built once per year, then only table look-ups.
// ---------------------------------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const VN_OFFSET_MS = 7 * 3_600_000;
const MORNING_MS = 4 * 3_600_000; // 07:30–11:30
const WORKDAY_MS = 7.5 * 3_600_000; // + 13:30–17:00
const START_MS = 7.5 * 3_600_000; // 07:30 after midnight
const LUNCH_MS = 2 * 3_600_000; // 11:30–13:30

interface YearCal {
  year: number;
  /** Epoch day of index 0 of the date tables (1 December of the year before). */
  base: number;
  iso: string[];
  /** d/m/yyyy, the way dates are written in running text ("ngày 15/4/2026"). */
  dmy: string[];
  off: Uint8Array;
  month: Uint8Array;
  /** Working days of the year and of the first months of the next one, as table indexes. */
  work: Int32Array;
  /** How many of `work` are in `year` (arrivals use only those). */
  nYear: number;
  topicCum: Float64Array;
  topicCumFocus: Map<IssuerState, Float64Array>;
}

function buildYearCal(year: number): YearCal {
  const start = Date.UTC(year - 1, 11, 1) / DAY_MS;
  const end = Date.UTC(year + 1, 5, 30) / DAY_MS;
  const n = end - start + 1;
  const iso: string[] = new Array(n);
  const dmy: string[] = new Array(n);
  const off = new Uint8Array(n);
  const month = new Uint8Array(n);
  const daysOff = new Set<string>();
  for (const y of [year - 1, year, year + 1]) {
    for (const d of statutoryHolidays(y)) daysOff.add(d.date);
    for (const d of suggestedDays(y)) if (d.kind !== 'workday') daysOff.add(d.date);
  }
  const work: number[] = [];
  let nYear = 0;
  for (let k = 0; k < n; k++) {
    const t = new Date((start + k) * DAY_MS);
    const y = t.getUTCFullYear();
    const m = t.getUTCMonth() + 1;
    const d = t.getUTCDate();
    iso[k] = `${y}-${pad(m, 2)}-${pad(d, 2)}`;
    dmy[k] = `${d}/${m}/${y}`;
    month[k] = m;
    const wd = t.getUTCDay();
    off[k] = wd === 0 || wd === 6 || daysOff.has(iso[k]) ? 1 : 0;
    if (!off[k] && y >= year) {
      work.push(k);
      if (y === year) nYear++;
    }
  }
  const topicCum = cumulative(TOPICS.map((t) => (!t.years || (year >= t.years[0] && year <= t.years[1]) ? t.w : 0)));
  return { year, base: start, iso, dmy, off, month, work: Int32Array.from(work), nYear, topicCum, topicCumFocus: new Map() };
}

// ---------------------------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------------------------

interface IssuerState extends IssuerSrc {
  typeCum: Float64Array;
  typeIdx: Int32Array;
  focusIdx: number[];
  cvNotations: string[];
  headName: string;
  deputies: string[];
  tlName: string;
  posHead: string[];
  posDep: string;
  posTl: string | null;
}

export function createDocGenerator(seed: number, options: DocGeneratorOptions = {}): DocGenerator {
  const total = Math.max(1, Math.floor(options.total ?? 5000));
  const seed32 = mix32((seed | 0) ^ 0x5bd1e995);
  const setup = mulberry32(seed32 ^ 0x2545f491);

  const issuers: IssuerState[] = buildIssuers().map((s) => {
    const tw = TYPE_WEIGHTS[s.kind];
    const idx: number[] = [];
    const ws: number[] = [];
    for (const [k, w] of Object.entries(tw)) {
      const t = TYPE_KEYS.indexOf(N(k));
      if (t < 0) throw new Error(`Unknown type key ${k}`);
      idx.push(t);
      ws.push(w);
    }
    const sig = SIG[s.sig];
    // Officials are fixed per issuer and seed: the same people sign all year, as in a real register.
    const person = () => makeName(setup, setup() < 0.65);
    const deputies = Array.from({ length: sig.dep ? 1 + ((setup() * 3) | 0) : 0 }, person);
    const name = N(s.name);
    const abbr = N(s.abbr);
    return {
      ...s, name, abbr,
      typeCum: cumulative(ws), typeIdx: Int32Array.from(idx),
      focusIdx: (s.focus ?? []).map((k) => {
        const t = TOPIC_INDEX.get(k);
        if (t === undefined) throw new Error(`Unknown topic ${k}`);
        return t;
      }),
      cvNotations: s.cv.map((x) => (x ? `${abbr}-${N(x)}` : abbr)),
      headName: person(), deputies, tlName: person(),
      posHead: sig.tm ? [`${N(sig.tm)} / ${N(sig.head)}`, N(sig.head)] : [N(sig.head)],
      posDep: sig.dep ? `KT. ${N(sig.head)} / ${N(sig.dep)}` : N(sig.head),
      posTl: sig.tl ? `${sig.tuq ? 'TUQ.' : 'TL.'} ${N(sig.head)} / ${N(sig.tl)}` : null,
    };
  });
  const issuerCum = cumulative(issuers.map((s) => s.w));
  const publicIssuers: IssuerInfo[] = issuers.map((s) => Object.freeze({ name: s.name, code: s.code, abbr: s.abbr, weight: s.w }));

  const years = new Map<number, YearCal>();
  const cal = (year: number): YearCal => {
    let c = years.get(year);
    if (!c) {
      if (!Number.isInteger(year) || year < 1900 || year > 2190) throw new RangeError(`Year ${year} out of range`);
      c = buildYearCal(year);
      years.set(year, c);
    }
    return c;
  };

  // Per-document PRNG state (mulberry32 inlined: the hot path draws ~40 numbers per document).
  let st = 0;
  const rnd = (): number => {
    st = (st + 0x6d2b79f5) | 0;
    let t = Math.imul(st ^ (st >>> 15), 1 | st);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(a: readonly T[]): T => a[(rnd() * a.length) | 0];
  const reseed = (i: number, year: number) => {
    st = mix32(seed32 ^ Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(year, 0x85ebca77));
  };

  // Per-document context for the template filler; slots such as the commune or thôn are drawn once per document.
  let cY = 0;
  let cM = 1;
  let cCal: YearCal = null as unknown as YearCal;
  let cDay = 0; // arrival day as a table index
  let cK = 0; // arrival day as an index into cal.work
  let cTopic: Topic = TOPICS[0];
  let cIssuer: IssuerState = null as unknown as IssuerState;
  let cCommune: string | null = null;
  let cThon: string | null = null;
  let cName: string | null = null;
  let cPerson: string | null = null;
  let cDate: string | null = null;
  let cHour: string | null = null;

  // One handler per slot id: an indexed call instead of a switch over ~40 cases for every slot filled.
  const slots: (() => string)[] = new Array(TOKENS.length).fill(() => '');
  const fill = (t: Tpl): string => {
    let s = '';
    for (let k = 0; k < t.length; k++) {
      const p = t[k];
      s += typeof p === 'string' ? p : slots[p]();
    }
    return s;
  };
  slots[TK.C] = () => (cCommune ??= rnd() < 0.6 ? HOME.commune : pick(COMMUNES));
  slots[TK.D] = () => HOME.district;
  slots[TK.P] = () => HOME.province;
  slots[TK.Y] = () => String(cY);
  slots[TK.Y1] = () => String(cY + 1);
  slots[TK.Y0] = () => String(cY - 1);
  slots[TK.T] = () => (cThon ??= pick(THON));
  slots[TK.Q] = () => ROMAN[((cM - 1) / 3) | 0];
  slots[TK.M] = () => String(cM);
  slots[TK.M1] = () => String(cM === 12 ? 1 : cM + 1);
  slots[TK.N] = () => String(2 + ((rnd() * 18) | 0));
  slots[TK.N1] = () => (rnd() < 0.5 ? '1' : '2');
  slots[TK.N9] = () => String(1 + ((rnd() * 9) | 0));
  // Number of a cited document; below 10 with a leading zero as NĐ 30 writes it ("Chỉ thị số 05/CT-UBND").
  slots[TK.N3] = () => pad(1 + ((rnd() * (cM * 250)) | 0), 2);
  slots[TK.SY] = () => (cM >= 7 ? `${cY} - ${cY + 1}` : `${cY - 1} - ${cY}`);
  slots[TK.SY0] = () => (cM >= 7 ? `${cY - 1} - ${cY}` : `${cY - 2} - ${cY - 1}`);
  // A deadline 2–13 working days after arrival, as written in running text.
  slots[TK.DATE] = () => (cDate ??= cCal.dmy[cCal.work[Math.min(cCal.work.length - 1, cK + 2 + ((rnd() * 12) | 0))]]);
  // A date some weeks before arrival, for references to earlier documents.
  slots[TK.DATEP] = () => cCal.dmy[Math.max(0, cDay - 3 - ((rnd() * 60) | 0))];
  slots[TK.HH] = () => (cHour ??= pick(HOURS));
  slots[TK.NAME] = () => (cName ??= makeName(rnd, rnd() < 0.7));
  slots[TK.PERSON] = () => {
    if (cPerson === null) {
      const male = rnd() < 0.55;
      cPerson = `${male ? 'ông' : 'bà'} ${makeName(rnd, male)}`;
    }
    return cPerson;
  };
  slots[TK.PRJ] = () => fill(pick(PROJECTS));
  slots[TK.PRJLOW] = () => {
    const p = fill(pick(PROJECTS));
    return p.charAt(0).toLowerCase() + p.slice(1);
  };
  slots[TK.RIVER] = () => pick(RIVERS);
  slots[TK.GD] = () => {
    const g = cY - ((((cY - 2021) % 5) + 5) % 5); // five-year plan periods 2021–2025, 2026–2030, …
    return `${g} - ${g + 4}`;
  };
  slots[TK.LUNAR] = () => canChi(cM >= 10 ? cY + 1 : cY); // from October on, the coming Tết is meant
  slots[TK.AREA] = () => cTopic.area;
  slots[TK.AREACAP] = () => cTopic.areaCap;
  slots[TK.TASK] = () => fill(pick(cTopic.tasks));
  slots[TK.TASKCAP] = () => fill(pick(cTopic.tasksCap));
  slots[TK.DEC] = () => fill(cTopic.dec.length && rnd() < 0.8 ? pick(cTopic.dec) : pick(GENERIC_DEC));
  slots[TK.DECCAP] = () => fill(cTopic.decCap.length && rnd() < 0.8 ? pick(cTopic.decCap) : pick(GENERIC_DEC_CAP));
  slots[TK.EV] = () => fill(cTopic.ev.length && rnd() < 0.7 ? pick(cTopic.ev) : pick(GENERIC_EV));
  slots[TK.PERIOD] = () => fill(pick(PERIODS));
  slots[TK.PLACE] = () => fill(pick(PLACES));
  slots[TK.DRAFT] = () => fill(pick(DRAFTS));
  slots[TK.RECV] = () => pick(RECVS);
  slots[TK.ISSUER] = () => cIssuer.name;
  slots[TK.DISEASE] = () => pick(DISEASES);
  slots[TK.REF] = () => fill(pick(REFS));

  const arrivalOf = (i: number, c: YearCal, u: number): { ms: number; day: number; k: number } => {
    // Documents past `total` pile up at the last second of the year rather than leaving it.
    const frac = Math.min(Math.max(0, (i + u) / total), 1 - 1e-12);
    const pos = Math.floor(frac * c.nYear * WORKDAY_MS / 1000) * 1000; // whole seconds, still non-decreasing in i
    const k = Math.floor(pos / WORKDAY_MS);
    const inDay = pos - k * WORKDAY_MS;
    const day = c.work[k];
    const ms = (c.base + day) * DAY_MS - VN_OFFSET_MS + START_MS + inDay + (inDay >= MORNING_MS ? LUNCH_MS : 0);
    return { ms, day, k };
  };

  const topicFor = (iss: IssuerState, c: YearCal): Topic => {
    if (iss.focusIdx.length && rnd() < 0.75) {
      let cum = c.topicCumFocus.get(iss);
      if (!cum) {
        cum = cumulative(iss.focusIdx.map((t) => c.topicCum[t] - (t ? c.topicCum[t - 1] : 0)));
        c.topicCumFocus.set(iss, cum);
      }
      // A focus made only of out-of-season topics (the election board in another year) falls back to the general mix.
      if (cum[cum.length - 1] > 0) return TOPICS[iss.focusIdx[pickCum(cum, rnd())]];
    }
    return TOPICS[pickCum(c.topicCum, rnd())];
  };

  const bodyFor = (type: number): string => {
    const target = 300 + ((rnd() * 1200) | 0);
    let s: string;
    let close: string;
    let items = BODY_ITEMS;
    if (type === T_QD) {
      s = `${fill(pick(BODY_OPEN))}theo đề nghị của Trưởng phòng chuyên môn. ${fill(pick(BODY_QD))}`;
      close = fill(pick(BODY_QD_CLOSE));
    } else if (type === T_GM) {
      s = fill(pick(BODY_GM));
      items = BODY_GM_ITEMS;
      close = 'Rất mong các đồng chí tham dự đúng thành phần, thời gian./.';
    } else {
      const open = fill(pick(BODY_OPEN));
      s = open + fill(pick(BODY_INTRO));
      close = TYPE_KEYS[type] === 'BC' ? fill(pick(BODY_BC_CLOSE)) : fill(pick(BODY_CLOSE));
    }
    // Items drawn without repetition (a bitmask of used ones) until the body reaches its target length.
    let used = 0;
    const numbered = items === BODY_ITEMS;
    for (let n = 1; s.length + close.length + 1 < target && n <= items.length; n++) {
      let k = (rnd() * items.length) | 0;
      while (used & (1 << k)) k = (k + 1) % items.length;
      used |= 1 << k;
      s += numbered ? ` ${n}. ${fill(items[k])}` : ` ${fill(items[k])}`;
    }
    s += ` ${close}`;
    if (s.length > 1500) s = `${s.slice(0, 1496).trimEnd()}…`;
    if (s.length < 300) s += ' Đề nghị các đơn vị quan tâm, phối hợp thực hiện.';
    return s;
  };

  const document = (i: number, year: number): GeneratedDoc => {
    const c = cal(year);
    reseed(i, year);
    const arr = arrivalOf(i, c, rnd());
    cCal = c;
    cDay = arr.day;
    cK = arr.k;
    cY = year;
    cM = c.month[arr.day];
    cCommune = cThon = cName = cPerson = cDate = cHour = null;

    const iss = issuers[pickCum(issuerCum, rnd())];
    cIssuer = iss;
    const type = iss.typeIdx[pickCum(iss.typeCum, rnd())];
    const typeKey = TYPE_KEYS[type];
    cTopic = topicFor(iss, c);

    // Received via: bodies on the axis send almost everything through it; the rest arrive on paper or by hand.
    const rv = rnd();
    const receivedVia: ReceivedVia = iss.code
      ? rv < 0.84 ? 'hub' : rv < 0.9 ? 'email' : rv < 0.97 ? 'paper' : rv < 0.995 ? 'hand' : 'fax'
      : rv < 0.5 ? 'hand' : rv < 0.85 ? 'paper' : rv < 0.97 ? 'email' : 'fax';

    // Issued a few working days before arrival: same day or the day before through the axis, longer by post.
    const lr = rnd();
    let lag = receivedVia === 'hub' || receivedVia === 'email' || receivedVia === 'fax'
      ? lr < 0.55 ? 0 : lr < 0.85 ? 1 : 2 + ((rnd() * 3) | 0)
      : receivedVia === 'hand' ? (lr * 3) | 0 : 2 + ((lr * 7) | 0);
    let issuedDay = arr.day;
    while (lag > 0 && issuedDay > 0) {
      issuedDay--;
      if (!c.off[issuedDay]) lag--;
    }
    while (issuedDay > 0 && c.off[issuedDay] && rnd() < 0.9) issuedDay--; // mostly signed on working days
    const issuedDate = c.iso[issuedDay];

    // Số: the issuer's series for this type has reached about (share of the year elapsed) × (series size).
    const iy = Number(issuedDate.slice(0, 4));
    const yearStart = Date.UTC(iy, 0, 1) / DAY_MS - c.base;
    const frac = (issuedDay - yearStart + 1) / 366;
    const series = iss.vol * (SERIES_SCALE[typeKey] ?? 0.03);
    let notation: string;
    let num = 1 + Math.floor(series * frac) + ((rnd() * Math.max(2, series / 150)) | 0);
    if (type === T_CV || type === T_THU) {
      notation = pick(iss.cvNotations);
    } else if (type === T_QD && iss.qppl && rnd() < 0.04) {
      notation = `${iy}/QĐ-${iss.abbr}`; // văn bản QPPL: own small series and the year in the number
      num = 1 + Math.floor(60 * frac);
    } else {
      notation = `${DOC_TYPES[type].abbr}-${iss.abbr}`;
    }

    // Subject; for a quarter of non-công văn documents clerks keep the type name at the front.
    let subject = fill(pick(SUBJECTS[type]));
    if (type !== T_CV && type !== T_THU && rnd() < 0.25) subject = prefixType(type, subject);

    // Signer: the head, a deputy signing KT., or the chief of office signing TL./TUQ.
    const sr = rnd();
    let signerName: string;
    let signerPosition: string;
    if (iss.posTl && sr < 0.1) {
      signerName = iss.tlName;
      signerPosition = iss.posTl;
    } else if (iss.deputies.length && sr < 0.72) {
      signerName = pick(iss.deputies);
      signerPosition = iss.posDep;
    } else {
      signerName = iss.headName;
      signerPosition = type === T_QD || type === T_CD || iss.posHead.length === 1 ? iss.posHead[0] : pick(iss.posHead);
    }

    // Urgency: ~85 % Thường; công điện are at least Thượng khẩn.
    const ur = rnd();
    let urgency: Urgency = ur < 0.853 ? 0 : ur < 0.943 ? 1 : ur < 0.978 ? 2 : ur < 0.998 ? 3 : 4;
    if (type === T_CD && urgency < 2) urgency = rnd() < 0.6 ? 3 : 2;

    const pr = rnd();
    const pageCount =
      typeKey === 'CV' || typeKey === 'TB' || typeKey === 'TTr' ? 1 + ((pr * pr * 4) | 0)
        : typeKey === 'GM' || typeKey === 'GGT' || typeKey === 'GNP' || typeKey === 'PC' || typeKey === 'PG' || typeKey === 'PB' || typeKey === 'CĐ' ? 1 + ((pr * pr * 1.5) | 0)
          : typeKey === 'QĐ' || typeKey === 'NQ' || typeKey === 'CT' ? 1 + ((pr * pr * 8) | 0)
            : 2 + ((pr * pr * 24) | 0);
    const copies = receivedVia === 'paper' || receivedVia === 'hand' ? (rnd() < 0.88 ? 1 : 2 + ((rnd() * 2) | 0)) : 1;

    const notes = rnd() < 0.12 ? pick(NOTES) : null;

    // Deadline: invitations fall due on the meeting day; requests for reports or action within 3–15 working days.
    let handlingDueDate: string | null = null;
    const dr = rnd();
    if (type === T_GM || dr < (urgency > 0 ? 0.6 : 0.3)) {
      const n = type === T_GM ? 1 + ((rnd() * 5) | 0) : pick([2, 3, 5, 5, 7, 10, 10, 15]);
      handlingDueDate = c.iso[c.work[Math.min(c.work.length - 1, arr.k + n)]];
    }

    const bodyText = rnd() < 0.05 ? bodyFor(type) : null;

    return {
      issuerName: iss.name,
      issuerCode: iss.code,
      codeNumber: String(num),
      codeNotation: notation,
      issuedDate,
      arrivalAt: arr.ms,
      typeName: DOC_TYPES[type].name,
      subject,
      signerPosition,
      signerName,
      urgency,
      pageCount,
      copies,
      receivedVia,
      notes,
      handlingDueDate,
      bodyText,
    };
  };

  return {
    seed,
    total,
    home: HOME,
    issuers: Object.freeze(publicIssuers),
    document,
    arrivalAt(i: number, year: number): number {
      const c = cal(year);
      reseed(i, year);
      return arrivalOf(i, c, rnd()).ms;
    },
    personName(k: number): string {
      const r = mulberry32(mix32(seed32 ^ Math.imul(k + 1, 0x27d4eb2d)));
      return makeName(r, r() < 0.55);
    },
    workingDays(year: number): readonly string[] {
      const c = cal(year);
      return Array.from(c.work.subarray(0, c.nYear), (k) => c.iso[k]);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Old-style registers (Sổ đăng ký văn bản đến, NĐ 30 Phụ lục IV) as kept in Excel before the software.
// ---------------------------------------------------------------------------------------------------------------

export const LEGACY_REGISTER_HEADERS: readonly string[] = Object.freeze(NA([
  'Ngày đến', 'Số đến', 'Tác giả', 'Số, ký hiệu', 'Ngày tháng văn bản', 'Tên loại và trích yếu nội dung',
  'Đơn vị hoặc người nhận', 'Ngày chuyển', 'Ký nhận', 'Ghi chú',
]));

/** Row of the XLSX sheet holding the column headers; "(1) … (10)" is the next one, data starts after it. */
export const LEGACY_XLSX_HEADER_ROW = 5;
export const LEGACY_XLSX_FIRST_DATA_ROW = 7;

export interface LegacyRegisterRow {
  /** dd/mm/yyyy */
  ngayDen: string;
  soDen: number;
  tacGia: string;
  /** "12/QĐ-UBND" */
  soKyHieu: string;
  /** dd/mm/yyyy */
  ngayVanBan: string;
  tenLoaiTrichYeu: string;
  donViNhan: string;
  /** dd/mm/yyyy */
  ngayChuyen: string;
  kyNhan: '';
  ghiChu: string;
  /** The arrival instant behind ngayDen (not a column; kept for the XLSX date cell and for tests). */
  arrivalAt: number;
}

const RECIPIENTS = NA([
  'Đ/c Chủ tịch UBND xã', 'Đ/c Phó Chủ tịch UBND xã', 'Đ/c Phó Chủ tịch UBND xã', 'Văn phòng - Thống kê',
  'Địa chính - Nông nghiệp - Xây dựng và Môi trường', 'Tài chính - Kế toán', 'Tư pháp - Hộ tịch', 'Văn hóa - Xã hội',
  'Công an xã', 'Chỉ huy trưởng Quân sự xã', 'Bộ phận Tiếp nhận và Trả kết quả', 'Lao động - Thương binh và Xã hội',
]);

const dmyPad = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const vnIsoDate = (ms: number) => new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 10);

/** Combines type name and subject the way the "Tên loại và trích yếu" column is written. */
function typeAndSubject(typeName: string, subject: string): string {
  if (typeName === 'Công văn' || typeName === 'Thư công') return subject;
  const t = DOC_TYPES.findIndex((d) => d.name === typeName);
  return t < 0 ? `${typeName} ${subject}` : prefixType(t, subject);
}

export function legacyRegisterRows(n: number, year: number, seed: number): LegacyRegisterRow[] {
  const gen = createDocGenerator(seed, { total: n });
  const r = mulberry32(mix32(seed ^ 0x1b873593));
  const workDays = gen.workingDays(year);
  const workIndex = new Map(workDays.map((d, k) => [d, k]));
  const rows: LegacyRegisterRow[] = [];
  for (let i = 0; i < n; i++) {
    const d = gen.document(i, year);
    const arrival = vnIsoDate(d.arrivalAt);
    const k = workIndex.get(arrival) ?? 0;
    const moved = r() < 0.7 || k + 1 >= workDays.length ? arrival : workDays[k + 1];
    const recipient = r() < 0.08 ? `Đ/c ${gen.personName(i % 12)}` : RECIPIENTS[(r() * RECIPIENTS.length) | 0];
    rows.push({
      ngayDen: dmyPad(arrival),
      soDen: i + 1,
      tacGia: d.issuerName,
      soKyHieu: formatCode(d.codeNumber, d.codeNotation),
      ngayVanBan: dmyPad(d.issuedDate),
      tenLoaiTrichYeu: typeAndSubject(d.typeName, d.subject),
      donViNhan: recipient,
      ngayChuyen: dmyPad(moved),
      kyNhan: '',
      ghiChu: d.notes ?? '',
      arrivalAt: d.arrivalAt,
    });
  }
  return rows;
}

const rowCells = (r: LegacyRegisterRow): string[] => [
  r.ngayDen, String(r.soDen), r.tacGia, r.soKyHieu, r.ngayVanBan, r.tenLoaiTrichYeu, r.donViNhan, r.ngayChuyen,
  r.kyNhan, r.ghiChu,
];

function csvField(s: string): string {
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** UTF-8 with BOM (as Excel's "CSV UTF-8" writes it), `;`-separated, CRLF, header row first. */
export function legacyRegisterCsv(n: number, year: number, seed: number): string {
  const lines = [LEGACY_REGISTER_HEADERS.map(csvField).join(';')];
  for (const r of legacyRegisterRows(n, year, seed)) lines.push(rowCells(r).map(csvField).join(';'));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** An .xlsx register: title block, headers, "(1) … (10)", then one row per document (Ngày đến as a real date). */
export async function legacyRegisterXlsx(n: number, year: number, seed: number): Promise<Uint8Array> {
  const rows = legacyRegisterRows(n, year, seed);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'VănThư bench';
  wb.created = new Date(Date.UTC(year, 0, 1));
  const ws = wb.addWorksheet('Sổ văn bản đến');
  const cols = LEGACY_REGISTER_HEADERS.length;
  const title = (row: number, text: string, bold: boolean, size: number) => {
    ws.mergeCells(row, 1, row, cols);
    const cell = ws.getCell(row, 1);
    cell.value = text;
    cell.font = { name: 'Times New Roman', size, bold };
    cell.alignment = { horizontal: 'center', vertical: 'middle' };
  };
  title(1, HOME.orgName.toUpperCase(), true, 13);
  title(2, 'SỔ ĐĂNG KÝ VĂN BẢN ĐẾN', true, 16);
  title(3, `Năm ${year}`, false, 13);
  const header = ws.getRow(LEGACY_XLSX_HEADER_ROW);
  const numbering = ws.getRow(LEGACY_XLSX_HEADER_ROW + 1);
  LEGACY_REGISTER_HEADERS.forEach((h, k) => {
    const hc = header.getCell(k + 1);
    hc.value = h;
    hc.font = { name: 'Times New Roman', size: 12, bold: true };
    hc.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    hc.border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
    const nc = numbering.getCell(k + 1);
    nc.value = `(${k + 1})`;
    nc.alignment = { horizontal: 'center' };
  });
  [12, 8, 32, 16, 12, 60, 24, 12, 10, 20].forEach((w, k) => (ws.getColumn(k + 1).width = w));
  rows.forEach((r, k) => {
    const row = ws.getRow(LEGACY_XLSX_FIRST_DATA_ROW + k);
    const [d, m, y] = r.ngayDen.split('/').map(Number);
    // UTC midnight: exceljs turns a Date into a serial day by UTC, so the cell shows exactly this calendar day.
    row.getCell(1).value = new Date(Date.UTC(y, m - 1, d));
    row.getCell(1).numFmt = 'dd/mm/yyyy';
    row.getCell(2).value = r.soDen;
    const texts = rowCells(r);
    for (let c = 3; c <= cols; c++) row.getCell(c).value = texts[c - 1];
  });
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
