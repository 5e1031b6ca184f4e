// Generated Vietnamese administrative letters (NĐ 30/2020 layout) with their ground truth, rendered to A4 page images,
// for the prefill field detector's tests and the scanning bench. Deterministic from a seed; no I/O but sharp rendering.
// The truth is what a clerk would type into the registration form from the letter, in the detector's conventions.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp, { type OverlayOptions } from 'sharp';
import type { DetectedFields } from '../../src-shared/vn/doc-fields';

export interface LetterTruth {
  /** Parent body line of the header ("UBND TỈNH HÀ NAM"), null when the body stands alone. */
  issuerParent: string | null;
  /** The issuing body as printed, its lines joined ("SỞ NỘI VỤ", "ỦY BAN NHÂN DÂN XÃ THANH SƠN"). */
  issuerName: string;
  codeNumber: string;
  codeNotation: string;
  place: string;
  /** YYYY-MM-DD. */
  issuedDate: string;
  /** "Quyết định", "Công văn" … as in NĐ 30 Phụ lục III. */
  docTypeName: string;
  /** Trích yếu as printed, its lines joined ("Về việc …", "V/v …"). */
  subject: string;
  /** Signature block lines joined with " / " ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"). */
  signerPosition: string;
  signerName: string;
  /** YYYY-MM-DD the body asks a reply or report by, or null. */
  deadline: string | null;
}

export interface Letter {
  truth: LetterTruth;
  /** The page as lines, in the order a DOCX/PDF text extraction gives them (left header cell, then right cell …). */
  text: string;
  /** What the renderer lays out (the text is built from the same parts). */
  layout: LetterLayout;
}

interface LetterLayout {
  headerLeft: string[];
  codeLine: string;
  vv: string[];
  motto: [string, string];
  dateLine: string;
  typeLine: string | null;
  subjectLines: string[];
  authority: string | null;
  salutation: string | null;
  paragraphs: string[];
  recipients: string[];
  signerLines: string[];
  signerName: string;
}

// ---- seeded choice ---------------------------------------------------------------------------------------------

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---- vocabulary ------------------------------------------------------------------------------------------------

interface Province {
  name: string;
  districts: { name: string; kind: 'HUYỆN' | 'THỊ XÃ' | 'THÀNH PHỐ'; communes: string[] }[];
}

const PROVINCES: Province[] = [
  {
    name: 'Hà Nam',
    districts: [
      { name: 'Kim Bảng', kind: 'HUYỆN', communes: ['Đồng Hóa', 'Thanh Sơn', 'Tượng Lĩnh', 'Nhật Tân'] },
      { name: 'Duy Tiên', kind: 'THỊ XÃ', communes: ['Mộc Bắc', 'Chuyên Ngoại', 'Tiên Sơn'] },
    ],
  },
  {
    name: 'Nam Định',
    districts: [
      { name: 'Hải Hậu', kind: 'HUYỆN', communes: ['Hải Đường', 'Hải Phúc', 'Hải Quang'] },
      { name: 'Nghĩa Hưng', kind: 'HUYỆN', communes: ['Nghĩa Lạc', 'Nghĩa Thịnh'] },
    ],
  },
  {
    name: 'Nghệ An',
    districts: [
      { name: 'Diễn Châu', kind: 'HUYỆN', communes: ['Diễn Kỷ', 'Diễn Hồng', 'Diễn Thịnh'] },
      { name: 'Thanh Chương', kind: 'HUYỆN', communes: ['Thanh Lĩnh', 'Võ Liệt'] },
    ],
  },
  {
    name: 'Thanh Hóa',
    districts: [
      { name: 'Thọ Xuân', kind: 'HUYỆN', communes: ['Xuân Hòa', 'Thọ Lập', 'Xuân Phong'] },
      { name: 'Sầm Sơn', kind: 'THÀNH PHỐ', communes: ['Quảng Hùng', 'Quảng Minh'] },
    ],
  },
  {
    name: 'Quảng Nam',
    districts: [
      { name: 'Điện Bàn', kind: 'THỊ XÃ', communes: ['Điện Hòa', 'Điện Thắng Bắc'] },
      { name: 'Quế Sơn', kind: 'HUYỆN', communes: ['Quế Xuân', 'Quế Phú'] },
    ],
  },
  {
    name: 'Đắk Lắk',
    districts: [
      { name: 'Krông Pắc', kind: 'HUYỆN', communes: ['Ea Kly', 'Hòa An', 'Vụ Bổn'] },
      { name: 'Cư Kuin', kind: 'HUYỆN', communes: ['Ea Tiêu', 'Dray Bhăng'] },
    ],
  },
  {
    name: 'Lào Cai',
    districts: [{ name: 'Bảo Thắng', kind: 'HUYỆN', communes: ['Xuân Quang', 'Phong Niên', 'Gia Phú'] }],
  },
  {
    name: 'Cà Mau',
    districts: [{ name: 'Trần Văn Thời', kind: 'HUYỆN', communes: ['Khánh Bình', 'Lợi An', 'Phong Lạc'] }],
  },
  {
    name: 'Bắc Giang',
    districts: [{ name: 'Lục Ngạn', kind: 'HUYỆN', communes: ['Phượng Sơn', 'Quý Sơn', 'Hồng Giang'] }],
  },
  {
    name: 'Hà Tĩnh',
    districts: [{ name: 'Can Lộc', kind: 'HUYỆN', communes: ['Thiên Lộc', 'Vượng Lộc', 'Tùng Lộc'] }],
  },
];

const DEPARTMENTS: [string, string][] = [
  ['SỞ NỘI VỤ', 'SNV'],
  ['SỞ TÀI CHÍNH', 'STC'],
  ['SỞ Y TẾ', 'SYT'],
  ['SỞ GIÁO DỤC VÀ ĐÀO TẠO', 'SGDĐT'],
  ['SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG', 'STNMT'],
  ['SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN', 'SNN'],
  ['SỞ TƯ PHÁP', 'STP'],
];

const OFFICES: [string, string][] = [
  ['PHÒNG NỘI VỤ', 'PNV'],
  ['PHÒNG TÀI CHÍNH - KẾ HOẠCH', 'TCKH'],
  ['PHÒNG TÀI NGUYÊN VÀ MÔI TRƯỜNG', 'TNMT'],
  ['PHÒNG GIÁO DỤC VÀ ĐÀO TẠO', 'PGDĐT'],
  ['PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI', 'LĐTBXH'],
  ['PHÒNG TƯ PHÁP', 'PTP'],
];

const CV_UNITS = ['VP', 'KT', 'VX', 'NC', 'TH', 'KTTH', 'TCKH', 'NV'];

const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô', 'Dương', 'Lý', 'Phan', 'Huỳnh', 'Đinh', 'Trịnh'];
const MIDDLE_M = ['Văn', 'Đức', 'Minh', 'Hữu', 'Quang', 'Xuân', 'Công', 'Thành', 'Anh'];
const MIDDLE_F = ['Thị', 'Thu', 'Ngọc', 'Thanh', 'Thị Thu', 'Hồng', 'Kim'];
const GIVEN_M = ['An', 'Bình', 'Cường', 'Dũng', 'Hải', 'Hùng', 'Long', 'Nam', 'Phúc', 'Quân', 'Tuấn', 'Việt', 'Thắng', 'Khánh', 'Sơn', 'Đạt'];
const GIVEN_F = ['Hà', 'Hạnh', 'Hương', 'Lan', 'Mai', 'Thảo', 'Yến', 'Nga', 'Huyền', 'Loan', 'Trang', 'Dung'];

const AREAS = [
  'phòng, chống thiên tai và tìm kiếm cứu nạn',
  'cải cách hành chính',
  'chuyển đổi số',
  'phòng cháy, chữa cháy rừng',
  'xây dựng nông thôn mới',
  'bảo vệ môi trường',
  'phổ biến, giáo dục pháp luật',
  'quản lý đất đai',
  'an toàn vệ sinh thực phẩm',
  'dân số và phát triển',
  'văn thư, lưu trữ',
  'tiếp công dân, giải quyết khiếu nại, tố cáo',
];

const TASKS = [
  'rà soát, thống kê số liệu hộ nghèo, hộ cận nghèo',
  'tổ chức Ngày hội Đại đoàn kết toàn dân tộc',
  'kiểm tra công tác văn thư, lưu trữ',
  'triển khai tiêm chủng mở rộng',
  'đôn đốc thu nộp ngân sách nhà nước',
  'cập nhật dữ liệu dân cư',
  'tổng kết công tác thi đua, khen thưởng',
  'chuẩn bị tổ chức Tết Nguyên đán',
];

interface TypeDef {
  key: 'QĐ' | 'TB' | 'KH' | 'BC' | 'TTr' | 'CV' | 'HD';
  name: string;
  upper: string | null;
}
const TYPES: TypeDef[] = [
  { key: 'QĐ', name: 'Quyết định', upper: 'QUYẾT ĐỊNH' },
  { key: 'TB', name: 'Thông báo', upper: 'THÔNG BÁO' },
  { key: 'KH', name: 'Kế hoạch', upper: 'KẾ HOẠCH' },
  { key: 'BC', name: 'Báo cáo', upper: 'BÁO CÁO' },
  { key: 'TTr', name: 'Tờ trình', upper: 'TỜ TRÌNH' },
  { key: 'CV', name: 'Công văn', upper: null },
  { key: 'HD', name: 'Hướng dẫn', upper: 'HƯỚNG DẪN' },
];

const pad2 = (n: number) => String(n).padStart(2, '0');

// ---- one letter ------------------------------------------------------------------------------------------------

type IssuerKind = 'province' | 'district' | 'commune' | 'department' | 'office';

function makeLetter(rnd: () => number): Letter {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));

  const prov = pick(PROVINCES);
  const dist = pick(prov.districts);
  const commune = pick(dist.communes);
  const kind = pick<IssuerKind>(['commune', 'commune', 'district', 'district', 'province', 'department', 'office']);
  const up = (s: string) => s.toLocaleUpperCase('vi');
  let headerLeft: string[];
  let issuerParent: string | null = null;
  let issuerName: string;
  let orgAbbr: string;
  let place: string;
  let head: string;
  let deputy: string;
  let collective: string | null = null;
  let clerkHead: string;
  switch (kind) {
    case 'province':
    case 'district':
    case 'commune': {
      const unit = kind === 'province' ? `TỈNH ${up(prov.name)}` : kind === 'district' ? `${dist.kind} ${up(dist.name)}` : `XÃ ${up(commune)}`;
      headerLeft = ['ỦY BAN NHÂN DÂN', unit];
      issuerName = `ỦY BAN NHÂN DÂN ${unit}`;
      orgAbbr = 'UBND';
      place = kind === 'province' ? prov.name : kind === 'district' ? dist.name : commune;
      head = 'CHỦ TỊCH';
      deputy = 'PHÓ CHỦ TỊCH';
      collective = 'TM. ỦY BAN NHÂN DÂN';
      clerkHead = kind === 'commune' ? 'CÔNG CHỨC VĂN PHÒNG - THỐNG KÊ' : 'CHÁNH VĂN PHÒNG';
      break;
    }
    case 'department': {
      const [name, abbr] = pick(DEPARTMENTS);
      issuerParent = `UBND TỈNH ${up(prov.name)}`;
      headerLeft = [issuerParent, name];
      issuerName = name;
      orgAbbr = abbr;
      place = prov.name;
      head = 'GIÁM ĐỐC';
      deputy = 'PHÓ GIÁM ĐỐC';
      clerkHead = 'CHÁNH VĂN PHÒNG';
      break;
    }
    default: {
      const [name, abbr] = pick(OFFICES);
      issuerParent = `UBND ${dist.kind} ${up(dist.name)}`;
      headerLeft = [issuerParent, name];
      issuerName = name;
      orgAbbr = abbr;
      place = dist.name;
      head = 'TRƯỞNG PHÒNG';
      deputy = 'PHÓ TRƯỞNG PHÒNG';
      clerkHead = 'PHÓ TRƯỞNG PHÒNG';
      break;
    }
  }

  const type = pick(TYPES);
  const year = int(2023, 2026);
  const month = int(1, 12);
  const day = int(1, new Date(Date.UTC(year, month, 0)).getUTCDate());
  const issuedDate = `${year}-${pad2(month)}-${pad2(day)}`;
  const n = rnd() < 0.3 ? int(1, 9) : rnd() < 0.6 ? int(10, 199) : int(200, 2400);
  const codeNumber = n < 10 ? pad2(n) : String(n);
  const codeNotation =
    type.key === 'CV' ? `${orgAbbr}-${pick(CV_UNITS)}` : type.key === 'QĐ' && kind !== 'office' && rnd() < 0.35 ? `${year}/QĐ-${orgAbbr}` : `${type.key}-${orgAbbr}`;

  const area = pick(AREAS);
  const task = pick(TASKS);
  const subjects: Record<TypeDef['key'], string[]> = {
    QĐ: [`Về việc ban hành Quy chế ${area}`, `Về việc thành lập Tổ công tác ${area} năm ${year}`, `Về việc phê duyệt Kế hoạch ${area} năm ${year}`],
    TB: [`Kết luận của Chủ tịch tại cuộc họp về công tác ${area}`, `Về việc ${task}`, `Lịch tiếp công dân tháng ${month} năm ${year}`],
    KH: [`Triển khai công tác ${area} năm ${year}`, `Tổ chức kiểm tra công tác ${area} năm ${year}`, `Thực hiện ${task} năm ${year}`],
    BC: [`Kết quả công tác ${area} năm ${year}`, `Tình hình thực hiện ${task}`, `Sơ kết 6 tháng đầu năm ${year} về ${area}`],
    TTr: [`Về việc đề nghị phê duyệt Kế hoạch ${area} năm ${year}`, `Đề nghị hỗ trợ kinh phí thực hiện ${task}`],
    CV: [`V/v ${task}`, `V/v triển khai công tác ${area}`, `V/v báo cáo kết quả công tác ${area} năm ${year}`, `Về việc ${task}`],
    HD: [`Thực hiện công tác ${area} năm ${year}`, `Về việc ${task}`],
  };
  const subject = pick(subjects[type.key]);
  // A long trích yếu breaks over two lines as on paper; the text keeps the same break.
  const wrapAt = type.key === 'CV' ? 38 : 64;
  const subjectLines = wrap(subject, wrapAt);

  const male = rnd() < 0.6;
  const signerName = `${pick(SURNAMES)} ${pick(male ? MIDDLE_M : MIDDLE_F)} ${pick(male ? GIVEN_M : GIVEN_F)}`;
  const form = pick(['head', 'kt', 'kt', 'tl', 'q'] as const);
  let signerLines: string[];
  if (form === 'head') signerLines = collective ? [collective, head] : [head];
  else if (form === 'kt') signerLines = collective ? [collective, `KT. ${head}`, deputy] : [`KT. ${head}`, deputy];
  else if (form === 'tl') signerLines = [`TL. ${head}`, clerkHead];
  else signerLines = [`Q. ${head}`];
  if (type.key === 'QĐ' && form === 'tl') signerLines = collective ? [collective, head] : [head];

  // The deadline, when there is one, is 5–40 days after the letter, in one of the ways letters ask for it.
  let deadline: string | null = null;
  let deadlineSentence: string | null = null;
  const issuer = titleCase(issuerName);
  if (type.key !== 'QĐ' && rnd() < 0.55) {
    const d = new Date(Date.UTC(year, month - 1, day + int(5, 40)));
    const [dy, dm, dd] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
    deadline = `${dy}-${pad2(dm)}-${pad2(dd)}`;
    const sameYear = dy === year;
    const variants = [
      `Đề nghị các đơn vị báo cáo kết quả thực hiện về ${issuer} trước ngày ${pad2(dd)}/${pad2(dm)}/${dy} để tổng hợp.`,
      `Văn bản đề nghị gửi về ${issuer} trước ngày ${pad2(dd)} tháng ${pad2(dm)} năm ${dy}.`,
      `Đề nghị Ủy ban nhân dân các xã trả lời bằng văn bản trước 17 giờ ngày ${pad2(dd)}/${pad2(dm)}/${dy}.`,
      `Thời hạn gửi báo cáo chậm nhất ngày ${pad2(dd)}/${pad2(dm)}/${dy}, quá thời hạn trên đơn vị nào không gửi sẽ bị phê bình.`,
    ];
    if (sameYear) variants.push(`Các đơn vị gửi số liệu về bộ phận một cửa trước ngày ${pad2(dd)}/${pad2(dm)} để kịp tổng hợp.`);
    deadlineSentence = pick(variants);
  }

  const lawYear = int(2015, 2022);
  const basis = [
    `Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm ${lawYear};`,
    `Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;`,
    `Thực hiện Kế hoạch số ${int(10, 300)}/KH-UBND ngày ${pad2(int(1, 28))}/${pad2(int(1, 12))}/${year - 1} của Ủy ban nhân dân tỉnh ${prov.name} về công tác ${area},`,
  ];
  const fillers = [
    `Để thực hiện tốt công tác ${area} trên địa bàn, ${issuer} yêu cầu các cơ quan, đơn vị quán triệt, triển khai thực hiện nghiêm túc các nội dung đã được phân công, bảo đảm tiến độ và chất lượng.`,
    `Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị kịp thời phản ánh về ${issuer} để được hướng dẫn, giải quyết theo quy định.`,
    `Giao Văn phòng theo dõi, đôn đốc việc thực hiện và tổng hợp kết quả, báo cáo lãnh đạo theo quy định.`,
    `Nội dung ${task} phải được thực hiện công khai, minh bạch, đúng đối tượng và đúng quy định của pháp luật.`,
  ];
  const paragraphs: string[] = [];
  if (type.key === 'QĐ' || type.key === 'KH' || rnd() < 0.3) paragraphs.push(...basis.slice(0, int(1, 3)));
  const f1 = int(0, fillers.length - 1);
  paragraphs.push(fillers[f1]);
  if (deadlineSentence) paragraphs.push(deadlineSentence);
  paragraphs.push(fillers[(f1 + 1 + int(0, fillers.length - 2)) % fillers.length]);

  const authority = type.key === 'QĐ' ? `${head} ${issuerName}` : null;
  const salutation =
    type.key === 'CV' || type.key === 'TTr' ? `Kính gửi: ${pick(['Ủy ban nhân dân các xã, thị trấn', 'Các phòng, ban chuyên môn', `Ủy ban nhân dân tỉnh ${prov.name}`])}.` : null;
  const recipients = ['- Như trên;', pick(['- Thường trực HĐND;', '- Chủ tịch, các PCT;', '- Các phòng, ban;']), '- Lưu: VT.'];

  const layout: LetterLayout = {
    headerLeft,
    codeLine: `Số: ${codeNumber}/${codeNotation}`,
    vv: type.key === 'CV' ? subjectLines : [],
    motto: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'],
    dateLine: `${place}, ngày ${pad2(day)} tháng ${month <= 2 ? pad2(month) : month} năm ${year}`,
    typeLine: type.upper,
    subjectLines: type.key === 'CV' ? [] : subjectLines,
    authority,
    salutation,
    paragraphs,
    recipients,
    signerLines,
    signerName,
  };
  const lines = [
    ...layout.headerLeft,
    layout.codeLine,
    ...layout.vv,
    ...layout.motto,
    layout.dateLine,
    ...(layout.typeLine ? [layout.typeLine] : []),
    ...layout.subjectLines,
    ...(layout.authority ? [layout.authority] : []),
    ...(layout.salutation ? [layout.salutation] : []),
    ...layout.paragraphs,
    'Nơi nhận:',
    ...layout.recipients,
    ...layout.signerLines,
    layout.signerName,
  ];
  return {
    truth: {
      issuerParent,
      issuerName,
      codeNumber,
      codeNotation,
      place,
      issuedDate,
      docTypeName: type.name,
      subject,
      signerPosition: signerLines.join(' / '),
      signerName,
      deadline,
    },
    text: lines.join('\n'),
    layout,
  };
}

function wrap(s: string, width: number): string[] {
  if (s.length <= width) return [s];
  const words = s.split(' ');
  const out: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur && cur.length + 1 + w.length > width) {
      out.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) out.push(cur);
  return out;
}

/** "ỦY BAN NHÂN DÂN XÃ THANH SƠN" -> "Ủy ban nhân dân xã Thanh Sơn" for running text (names after the unit word stay capitalised). */
function titleCase(upper: string): string {
  const words = upper.toLocaleLowerCase('vi').split(' ');
  const units = new Set(['xã', 'huyện', 'tỉnh', 'thị', 'phố']);
  let capital = false;
  return words
    .map((w, i) => {
      const out = i === 0 || capital ? w.charAt(0).toLocaleUpperCase('vi') + w.slice(1) : w;
      if (units.has(w) && !(w === 'thị' && words[i + 1] === 'xã')) capital = true;
      return out;
    })
    .join(' ');
}

/** `n` letters, the same for the same seed. */
export function generateLetters(n: number, seed: number): Letter[] {
  const rnd = prng(seed);
  const out: Letter[] = [];
  for (let i = 0; i < n; i++) out.push(makeLetter(rnd));
  return out;
}

// ---- rendering -------------------------------------------------------------------------------------------------

export type LetterFont = 'liberation' | 'dejavu' | 'noto';
export const LETTER_FONTS: readonly LetterFont[] = ['liberation', 'dejavu', 'noto'];

export interface RenderOptions {
  font?: LetterFont;
  /** Body size in points (headers follow NĐ 30's relative sizes). 12–14 is what offices use. */
  pointSize?: number;
  /** Skew of the sheet on the glass, degrees (± 1.5 is realistic). */
  rotationDeg?: number;
  /** Speckles per 10,000 pixels (0 = clean); each is a small dark blot like dust or toner. */
  noise?: number;
  dpi?: number;
  /** Seed of the speckles. */
  seed?: number;
}

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// Liberation Serif 2 ships in resources/fonts (the system's 1.07 lacks Vietnamese); the others come from fontconfig.
const FONT_FACES: Record<LetterFont, { family: string; regular?: string; bold?: string; italic?: string }> = {
  liberation: {
    family: 'Liberation Serif',
    regular: path.join(REPO, 'resources/fonts/LiberationSerif-Regular.ttf'),
    bold: path.join(REPO, 'resources/fonts/LiberationSerif-Bold.ttf'),
    italic: path.join(REPO, 'resources/fonts/LiberationSerif-Italic.ttf'),
  },
  dejavu: { family: 'DejaVu Serif' },
  noto: { family: 'Noto Serif' },
};

// sharp crops a text image to its ink, which would make every line's height and baseline differ: an invisible (white)
// tall glyph at both ends keeps the ascent and descent of every block the same and a centred line still centred.
const STRUT = '<span foreground="#ffffff">Ậg</span>';

const escapeMarkup = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface Block {
  input: Buffer;
  width: number;
  height: number;
}

async function textBlock(
  markup: string,
  o: { font: LetterFont; style: 'regular' | 'bold' | 'italic'; pt: number; dpi: number; width?: number; align?: 'left' | 'centre'; justify?: boolean },
): Promise<Block> {
  const face = FONT_FACES[o.font];
  const file = face[o.style];
  const styleName = o.style === 'bold' ? ' Bold' : o.style === 'italic' ? ' Italic' : '';
  const { data, info } = await sharp({
    text: {
      text: `${STRUT}<span foreground="black">${markup}</span>${STRUT}`,
      font: `${face.family}${styleName} ${o.pt}`,
      ...(file ? { fontfile: file } : {}),
      dpi: o.dpi,
      rgba: true,
      align: o.align ?? 'left',
      justify: o.justify ?? false,
      ...(o.width ? { width: o.width, wrap: 'word' as const } : {}),
      spacing: Math.round((o.pt * o.dpi) / 72 / 3),
    },
  })
    .png()
    .toBuffer({ resolveWithObject: true });
  return { input: data, width: info.width, height: info.height };
}

/** A4 page image (8-bit grey PNG) of the letter laid out as NĐ 30 Phụ lục I draws it. */
export async function renderLetterPng(letter: Letter, opts: RenderOptions = {}): Promise<Buffer> {
  const font = opts.font ?? 'liberation';
  const pt = opts.pointSize ?? 13;
  const dpi = opts.dpi ?? 200;
  const mm = (v: number) => Math.round((v * dpi) / 25.4);
  const W = mm(210);
  const H = mm(297);
  const L = letter.layout;
  const comps: OverlayOptions[] = [];
  const put = (b: Block, left: number, top: number) => comps.push({ input: b.input, left: Math.max(0, Math.round(left)), top: Math.round(top) });
  const rules: OverlayOptions[] = [];
  const rule = (cx: number, top: number, width: number) =>
    rules.push({
      input: { create: { width: Math.max(1, width), height: Math.max(1, Math.round(dpi / 100)), channels: 4, background: '#000000' } },
      left: Math.round(cx - width / 2),
      top,
    });
  const hpt = pt - 1;

  // Header: issuing body (left) and motto (right), each centred in its column.
  const leftCx = mm(62);
  const rightCx = mm(140);
  let y = mm(18);
  let ly = y;
  for (let i = 0; i < L.headerLeft.length; i++) {
    const last = i === L.headerLeft.length - 1;
    const b = await textBlock(escapeMarkup(L.headerLeft[i]), { font, style: last ? 'bold' : 'regular', pt: hpt, dpi });
    put(b, leftCx - b.width / 2, ly);
    ly += b.height;
  }
  rule(leftCx, ly + mm(2.5), mm(22));
  ly += mm(5);
  const code = await textBlock(escapeMarkup(L.codeLine), { font, style: 'regular', pt: hpt, dpi });
  const codeTop = ly;
  put(code, leftCx - code.width / 2, ly);
  ly += code.height + mm(1);
  for (const v of L.vv) {
    const b = await textBlock(escapeMarkup(v), { font, style: 'regular', pt: hpt - 1, dpi });
    put(b, leftCx - b.width / 2, ly);
    ly += b.height;
  }
  let ry = y;
  const m1 = await textBlock(escapeMarkup(L.motto[0]), { font, style: 'bold', pt: hpt, dpi });
  put(m1, rightCx - m1.width / 2, ry);
  ry += m1.height;
  const m2 = await textBlock(escapeMarkup(L.motto[1]), { font, style: 'bold', pt: hpt + 1, dpi });
  put(m2, rightCx - m2.width / 2, ry);
  ry += m2.height;
  rule(rightCx, ry + mm(2.5), m2.width);
  ry += mm(5);
  const date = await textBlock(escapeMarkup(L.dateLine), { font, style: 'italic', pt: hpt + 1, dpi });
  ry = Math.max(ry, codeTop);
  put(date, rightCx - date.width / 2, ry);
  ry += date.height;
  y = Math.max(ly, ry) + mm(8);

  // Type name and trích yếu, centred; a short rule under them.
  const cx = mm(30) + mm(165) / 2;
  if (L.typeLine) {
    const b = await textBlock(escapeMarkup(L.typeLine), { font, style: 'bold', pt: pt + 1, dpi });
    put(b, cx - b.width / 2, y);
    y += b.height + mm(1);
  }
  for (const s of L.subjectLines) {
    const b = await textBlock(escapeMarkup(s), { font, style: 'bold', pt, dpi });
    put(b, cx - b.width / 2, y);
    y += b.height;
  }
  if (L.subjectLines.length) {
    rule(cx, y + mm(2.5), mm(35));
    y += mm(5);
  }
  if (L.authority) {
    const b = await textBlock(escapeMarkup(L.authority), { font, style: 'bold', pt, dpi, width: mm(150), align: 'centre' });
    put(b, cx - b.width / 2, y);
    y += b.height + mm(3);
  }
  if (L.salutation) {
    const b = await textBlock(escapeMarkup(L.salutation), { font, style: 'regular', pt, dpi });
    put(b, cx - b.width / 2, y);
    y += b.height + mm(3);
  }
  for (const p of L.paragraphs) {
    const b = await textBlock(`      ${escapeMarkup(p)}`, { font, style: 'regular', pt, dpi, width: mm(165), justify: true });
    put(b, mm(30), y);
    y += b.height + mm(2);
  }
  y += mm(4);

  // Signature block right, recipients left, starting on the same line.
  const sigCx = mm(150);
  let sy = y;
  for (const s of L.signerLines) {
    const b = await textBlock(escapeMarkup(s), { font, style: 'bold', pt, dpi });
    put(b, sigCx - b.width / 2, sy);
    sy += b.height;
  }
  sy += mm(22);
  const name = await textBlock(escapeMarkup(L.signerName), { font, style: 'bold', pt, dpi });
  put(name, sigCx - name.width / 2, sy);
  let ny = y;
  const nn = await textBlock('<b><i>Nơi nhận:</i></b>', { font, style: 'bold', pt: pt - 1, dpi });
  put(nn, mm(30), ny);
  ny += nn.height;
  for (const r of L.recipients) {
    const b = await textBlock(escapeMarkup(r), { font, style: 'regular', pt: pt - 2, dpi });
    put(b, mm(30), ny);
    ny += b.height;
  }

  let page = await sharp({ create: { width: W, height: H, channels: 3, background: '#ffffff' } })
    .composite([...comps, ...rules])
    .flatten({ background: '#ffffff' })
    .greyscale()
    .raw()
    .toBuffer();

  const noise = opts.noise ?? 0;
  if (noise > 0) {
    const rnd = prng(opts.seed ?? 1);
    const count = Math.round((W * H * noise) / 10_000);
    for (let k = 0; k < count; k++) {
      const x0 = Math.floor(rnd() * (W - 3));
      const y0 = Math.floor(rnd() * (H - 3));
      const size = 1 + Math.floor(rnd() * 3);
      const ink = Math.floor(rnd() * 120);
      for (let dy = 0; dy < size; dy++) for (let dx = 0; dx < size; dx++) page[(y0 + dy) * W + x0 + dx] = ink;
    }
  }
  let img = sharp(page, { raw: { width: W, height: H, channels: 1 } });
  const rot = opts.rotationDeg ?? 0;
  if (rot !== 0) {
    const rotated = await img.rotate(rot, { background: '#ffffff' }).raw().toBuffer({ resolveWithObject: true });
    const left = Math.floor((rotated.info.width - W) / 2);
    const top = Math.floor((rotated.info.height - H) / 2);
    page = rotated.data;
    img = sharp(page, { raw: { width: rotated.info.width, height: rotated.info.height, channels: rotated.info.channels } }).extract({ left, top, width: W, height: H });
  }
  return img.greyscale().png({ compressionLevel: 6 }).withMetadata({ density: dpi }).toBuffer();
}

// ---- accuracy --------------------------------------------------------------------------------------------------

export const LETTER_FIELDS = ['issuer', 'codeNumber', 'codeNotation', 'place', 'issuedDate', 'docType', 'subject', 'signerPosition', 'signerName', 'deadline'] as const;
export type LetterField = (typeof LETTER_FIELDS)[number];

/** What a detector found, in the truth's terms (strings or null); dates as YYYY-MM-DD. */
export type LetterGuess = Partial<Record<LetterField, string | null>>;

/** The detector's fields in the truth's terms, for letterAccuracy. */
export function guessOf(d: DetectedFields): LetterGuess {
  return {
    issuer: d.issuer?.value.name ?? null,
    codeNumber: d.codeNumber?.value ?? null,
    codeNotation: d.codeNotation?.value ?? null,
    place: d.place?.value ?? null,
    issuedDate: d.issuedDate?.value ?? null,
    docType: d.docType?.value.name ?? null,
    subject: d.subject?.value ?? null,
    signerPosition: d.signerPosition?.value ?? null,
    signerName: d.signerName?.value ?? null,
    deadline: d.handlingDueDate?.value ?? null,
  };
}

const norm = (s: string | null | undefined) => (s == null ? null : s.normalize('NFC').replace(/\s+/gu, ' ').trim() || null);

function truthValue(t: LetterTruth, f: LetterField): string | null {
  switch (f) {
    case 'issuer':
      return t.issuerName;
    case 'docType':
      return t.docTypeName;
    case 'deadline':
      return t.deadline;
    default:
      return t[f];
  }
}

/**
 * Share of letters whose field was read exactly (after NFC, trim and collapsed spaces; dates as YYYY-MM-DD), per field.
 * A field with no truth value (no deadline) counts as right when nothing was found.
 */
export function letterAccuracy(results: { truth: LetterTruth; found: LetterGuess }[]): Record<LetterField, number> & { n: number } {
  const out = { n: results.length } as Record<LetterField, number> & { n: number };
  for (const f of LETTER_FIELDS) {
    let ok = 0;
    for (const r of results) if (norm(truthValue(r.truth, f)) === norm(r.found[f] ?? null)) ok++;
    out[f] = results.length ? ok / results.length : 0;
  }
  return out;
}
