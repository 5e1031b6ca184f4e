// The registration-prefill field detector (src-shared/vn/doc-fields.ts) on hand-written page texts: clean electronic
// text, OCR-noisy text (interleaved header columns, lost diacritics, O/0), each document type, deadlines, text with
// no fields, hostile input, and every field of generated letters (fast-check over the letter generator's seeds).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectDocumentFields, isoDate, parseDocCode, parseVnDate } from '../../src-shared/vn/doc-fields';
import { generateLetters, guessOf, letterAccuracy, type LetterGuess } from '../helpers/letters';

const page = (...lines: string[]) => lines.join('\n');

const QD_CLEAN = page(
  'UBND TỈNH HÀ NAM',
  'SỞ NỘI VỤ',
  'Số: 45/2024/QĐ-SNV',
  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  'Độc lập - Tự do - Hạnh phúc',
  'Hà Nam, ngày 05 tháng 3 năm 2024',
  'QUYẾT ĐỊNH',
  'Về việc ban hành Quy chế làm việc của Sở Nội vụ',
  'GIÁM ĐỐC SỞ NỘI VỤ',
  'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;',
  'Căn cứ Quyết định số 12/2023/QĐ-UBND ngày 10 tháng 01 năm 2023 của UBND tỉnh;',
  'QUYẾT ĐỊNH:',
  'Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc.',
  'Nơi nhận:',
  '- Như Điều 3;',
  '- Lưu: VT, VP.',
  'KT. GIÁM ĐỐC',
  'PHÓ GIÁM ĐỐC',
  'Trần Thị Hương',
);

describe('clean text of an electronic document', () => {
  it('reads every field of a decision, and not the dates and numbers cited in its body', () => {
    const d = detectDocumentFields(QD_CLEAN);
    expect(d.issuer?.value).toEqual({ name: 'SỞ NỘI VỤ', code: null });
    expect(d.issuer?.source).toBe('UBND TỈNH HÀ NAM / SỞ NỘI VỤ');
    expect(d.codeNumber?.value).toBe('45');
    expect(d.codeNotation?.value).toBe('2024/QĐ-SNV');
    expect(d.place?.value).toBe('Hà Nam');
    expect(d.issuedDate?.value).toBe('2024-03-05');
    expect(d.issuedDate?.source).toBe('Hà Nam, ngày 05 tháng 3 năm 2024');
    expect(d.docType?.value).toEqual({ name: 'Quyết định', abbr: 'QĐ' });
    expect(d.subject?.value).toBe('Về việc ban hành Quy chế làm việc của Sở Nội vụ');
    expect(d.signerPosition?.value).toBe('KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC');
    expect(d.signerName?.value).toBe('Trần Thị Hương');
    expect(d.handlingDueDate).toBeNull();
    for (const k of ['codeNumber', 'issuedDate', 'docType', 'signerName'] as const) expect(d[k]!.confidence).toBeGreaterThanOrEqual(0.85);
  });

  it('reads a công văn: no type line, the V/v trích yếu under the number, a commune UBND on two lines', () => {
    const d = detectDocumentFields(
      page(
        'ỦY BAN NHÂN DÂN',
        'XÃ THANH SƠN',
        'Số: 123/UBND-VP',
        'V/v triển khai công tác phòng, chống',
        'thiên tai năm 2024',
        'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'Độc lập - Tự do - Hạnh phúc',
        'Thanh Sơn, ngày 12 tháng 02 năm 2024',
        'Kính gửi: Các thôn, tổ dân phố.',
        'Thực hiện Kế hoạch số 15/KH-UBND ngày 05/01/2024 của UBND huyện, UBND xã đề nghị các thôn báo cáo kết quả trước ngày 15/3/2024.',
        'Nơi nhận:',
        '- Như trên;',
        '- Lưu: VT.',
        'TM. ỦY BAN NHÂN DÂN',
        'CHỦ TỊCH',
        'Nguyễn Văn An',
      ),
    );
    expect(d.issuer?.value.name).toBe('ỦY BAN NHÂN DÂN XÃ THANH SƠN');
    expect([d.codeNumber?.value, d.codeNotation?.value]).toEqual(['123', 'UBND-VP']);
    expect(d.docType?.value).toEqual({ name: 'Công văn', abbr: null });
    expect(d.subject?.value).toBe('V/v triển khai công tác phòng, chống thiên tai năm 2024');
    expect(d.place?.value).toBe('Thanh Sơn');
    expect(d.issuedDate?.value).toBe('2024-02-12');
    expect(d.signerPosition?.value).toBe('TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH');
    expect(d.signerName?.value).toBe('Nguyễn Văn An');
    expect(d.handlingDueDate?.value).toBe('2024-03-15');
    expect(d.replyRequested?.value).toBe(true);
  });

  it.each([
    ['THÔNG BÁO', '05/TB-UBND', 'Thông báo', 'TB'],
    ['KẾ HOẠCH', '17/KH-UBND', 'Kế hoạch', 'KH'],
    ['BÁO CÁO', '230/BC-UBND', 'Báo cáo', 'BC'],
    ['TỜ TRÌNH', '08/TTr-UBND', 'Tờ trình', 'TTr'],
    ['HƯỚNG DẪN', '02/HD-UBND', 'Hướng dẫn', 'HD'],
    ['GIẤY MỜI', '31/GM-UBND', 'Giấy mời', 'GM'],
  ])('reads the type line %s and its abbreviation', (typeLine, code, name, abbr) => {
    const d = detectDocumentFields(
      page(
        'ỦY BAN NHÂN DÂN',
        'HUYỆN KIM BẢNG',
        `Số: ${code}`,
        'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'Độc lập - Tự do - Hạnh phúc',
        'Kim Bảng, ngày 20 tháng 11 năm 2025',
        typeLine,
        'Kết quả công tác năm 2025',
      ),
    );
    expect(d.docType?.value).toEqual({ name, abbr });
    expect(d.docType!.confidence).toBeGreaterThan(0.95); // the type line and the ký hiệu agree
    expect(d.codeNotation?.value).toBe(code.slice(code.indexOf('/') + 1));
    expect(d.subject?.value).toBe('Kết quả công tác năm 2025');
    expect(d.issuer?.value.name).toBe('ỦY BAN NHÂN DÂN HUYỆN KIM BẢNG');
  });

  it('splits the Party style "45-CV/HU" at the hyphen, as splitCode does', () => {
    expect(parseDocCode('45-CV/HU')).toEqual({ number: '45', notation: 'CV/HU', repairs: 0 });
  });

  it('takes the mã định danh printed in the header as the issuer code', () => {
    const d = detectDocumentFields(page('ỦY BAN NHÂN DÂN', 'XÃ ĐỒNG HÓA', 'Mã định danh: 000.21.43.H23', 'Số: 07/UBND-VP', 'Đồng Hóa, ngày 01 tháng 7 năm 2025'));
    expect(d.issuer?.value).toEqual({ name: 'ỦY BAN NHÂN DÂN XÃ ĐỒNG HÓA', code: '000.21.43.H23' });
  });
});

describe('OCR-noisy text', () => {
  it('separates the interleaved header columns and survives lost diacritics, O for 0 and stray punctuation', () => {
    const d = detectDocumentFields(
      page(
        '. UBND TINH HA NAM CONG HOA XA HOI CHU NGHIA VIET NAM',
        '‘SO NOI VU. Doc lap - Tu do - Hanh phuc',
        "_So: 1O5 / QD - SNV' Ha Nam, ngay O5 thang 3 nam 2O24.",
        '; QUYET DINH .',
        'Ve viec ban hanh Quy che lam viec',
        '',
        'Can cu Luat To chuc chinh quyen dia phuong ngay 19 thang 6 nam 2015;',
        'Noi nhan: KT: GIAM DOC',
        '- Nhu tren; . PHO GIAM DOC',
        '- Luu: VT.',
        'Tran Van Hai.',
      ),
    );
    expect(d.codeNumber?.value).toBe('105');
    expect(d.codeNotation?.value).toBe('QĐ-SNV');
    expect(d.codeNumber!.confidence).toBeLessThan(0.9); // repaired digits cost confidence
    expect(d.issuedDate?.value).toBe('2024-03-05');
    expect(d.place?.value).toBe('Ha Nam');
    expect(d.place!.confidence).toBeLessThan(0.9);
    expect(d.issuer?.value.name).toBe('SỞ NỘI VỤ');
    expect(d.issuer?.source).toBe('UBND TỈNH HA NAM / SỞ NỘI VỤ');
    expect(d.docType?.value.name).toBe('Quyết định');
    expect(d.docType!.confidence).toBeLessThan(0.92);
    expect(d.subject?.value).toBe('Ve viec ban hanh Quy che lam viec');
    expect(d.subject!.confidence).toBeLessThan(0.7);
    expect(d.signerPosition?.value).toBe('KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC');
    expect(d.signerName?.value).toBe('Trần Văn Hai');
  });

  it('reads Tesseract output as it comes from a real page (header interleaved, signer beside the recipients)', () => {
    const d = detectDocumentFields(
      page(
        '. ỦY BAN NHÂN DAN CỘNG HÒA XÃ HỘI: CHỦ NGHĨA VIỆT NAM',
        'HUYỆN DIỄN CHÂU Độc lập - Tự do - Hạnh phúc',
        'Số: 08/KH-UBND. Diễn Châu, ngà 12 tháng 4 năm 2026',
        'KẾ HOẠCH',
        'Tổ chức kiểm tra công tác an toàn vệ sinh thực phẩm năm 2026',
        'Thời han gửi báo cáo cham nhất ngày 15/05/2026, quá thời hạn',
        'trên đơn vị nào không gửi sẽ bị phê bình.',
        'Nơi nhận: TM. ỦY BAN NHÂN DÂN',
        '- ˆ Đáp phòng ban; _ KT CHU TỊCH',
        '-IưuuVT1 - PHO CHỦ TỊCH',
        'Dương Thị Nga',
      ),
    );
    expect(d.issuer?.value.name).toBe('ỦY BAN NHÂN DÂN HUYỆN DIỄN CHÂU');
    expect([d.codeNumber?.value, d.codeNotation?.value, d.place?.value, d.issuedDate?.value]).toEqual(['08', 'KH-UBND', 'Diễn Châu', '2026-04-12']);
    expect(d.subject?.value).toBe('Tổ chức kiểm tra công tác an toàn vệ sinh thực phẩm năm 2026');
    expect(d.signerPosition?.value).toBe('TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH');
    expect(d.signerName?.value).toBe('Dương Thị Nga');
    expect(d.handlingDueDate?.value).toBe('2026-05-15');
  });

  it('repairs the abbreviations OCR misreads (QD, ITr) and keeps official mixed case (TTr)', () => {
    expect(parseDocCode('1867/ITr-UBND')).toMatchObject({ number: '1867', notation: 'TTr-UBND' });
    expect(parseDocCode('12/TTR-UBND')).toMatchObject({ notation: 'TTr-UBND', repairs: 0 });
    expect(parseDocCode('12/TTr-UBND - Nghệ An, ngày')).toMatchObject({ number: '12', notation: 'TTr-UBND' });
    expect(parseDocCode('45 / 2024 / QD-UBND')).toMatchObject({ number: '45', notation: '2024/QĐ-UBND', repairs: 1 });
    expect(parseDocCode('45/2024/QÐ-UBND')).toMatchObject({ notation: '2024/QĐ-UBND', repairs: 0 }); // Icelandic Ð for Đ
    expect(parseDocCode('UBND-VP')).toBeNull();
    expect(parseDocCode('12/3')).toBeNull();
  });
});

describe('OCR damage to the số line and the date (measured on pages read by our pipeline)', () => {
  it('takes back a slash read as a letter or lost, a hyphen read as a dot or lost, a bar lost from the body initials', () => {
    expect(parseDocCode('2327ITTr-UBND: _ Xuân Quang')).toMatchObject({ number: '2327', notation: 'TTr-UBND', repairs: 1 });
    expect(parseDocCode('78TB.UBND ` -. Quý Sơn')).toMatchObject({ number: '78', notation: 'TB-UBND', repairs: 2 });
    expect(parseDocCode('117QĐ-UBND - Nghĩa Lạc')).toMatchObject({ number: '117', notation: 'QĐ-UBND' });
    expect(parseDocCode('812/TBUBND')).toMatchObject({ number: '812', notation: 'TB-UBND', repairs: 1 });
    expect(parseDocCode('07/TIr-UBND')).toMatchObject({ notation: 'TTr-UBND' });
    expect(parseDocCode('12/UBND-VP.ngày')).toMatchObject({ notation: 'UBND-VP' });
    // Not a code: digits before a word, or a notation without a hyphen of its own.
    expect(parseDocCode('12 tháng 3')).toBeNull();
    expect(parseDocCode('3A')).toBeNull();
    expect(parseDocCode('2024ITEM')).toBeNull();
    const d = detectDocumentFields(
      page(
        'UBND THÀNH PHỐ SẦM SƠN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'PHÒNG GIÁO DỤC VÀ ĐÀO TẠO Độc lập - Tự do - Hạnh phúc',
        "'$ố:2292/HD-PGDDT _ Sầm Sơn, ngày:29 tháng 9 năm.2026",
        'HƯỚNG DẪN',
      ),
    );
    expect([d.codeNumber?.value, d.codeNotation?.value, d.issuedDate?.value]).toEqual(['2292', 'HD-PGDĐT', '2026-09-29']);
    // "HD" is Hướng dẫn, never the body's initials, even under a name whose initials spell HĐ.
    const h = detectDocumentFields(page('ỦY BAN NHÂN DÂN', 'XÃ HẢI ĐƯỜNG', 'Số: 89/HD-UBND', 'Hải Đường, ngày 23 tháng 6 năm 2026'));
    expect(h.codeNotation?.value).toBe('HD-UBND');
  });

  it('reads the date past specks in its gaps and a code on the same line without a comma, never a digit inside a gap', () => {
    expect(parseVnDate('ngày:22 tháng 11 năm 2026')).toBe('2026-11-22');
    expect(parseVnDate('ngày 28 tháng 02 năm.2026')).toBe('2026-02-28');
    expect(parseVnDate('ngày 01 tháng 0: 01 năm 2023')).toBeNull();
    const d = detectDocumentFields(page('ỦY BAN NHÂN DÂN', 'HUYỆN CAN LỘC', 'Số:135/BCUBND Can Lộc ngày 01 tháng 4 năm 2023', 'BÁO CÁO'));
    expect([d.codeNotation?.value, d.issuedDate?.value]).toEqual(['BC-UBND', '2023-04-01']);
  });

  it('gives the place the marks of the same name in the upright header, never fewer', () => {
    const d = detectDocumentFields(page('UBND TỈNH BẮC GIANG', 'SỞ TÀI CHÍNH', 'Số: 25/HD-STC Bác Giang, ngày 05 tháng 5 năm 2024'));
    expect(d.place?.value).toBe('Bắc Giang');
    const e = detectDocumentFields(page('UBND TỈNH HA TINH', 'SỞ TÀI CHÍNH', 'Số: 25/HD-STC Hà Tĩnh, ngày 05 tháng 5 năm 2024'));
    expect(e.place?.value).toBe('Hà Tĩnh');
  });
});

describe('deadlines and reply requests (6a)', () => {
  const letter = (body: string, date = 'ngày 01 tháng 12 năm 2026') =>
    page('ỦY BAN NHÂN DÂN', 'HUYỆN KIM BẢNG', 'Số: 99/UBND-VP', `Kim Bảng, ${date}`, 'V/v báo cáo số liệu', body);

  it.each([
    ['Đề nghị các xã báo cáo trước ngày 15/12/2026.', '2026-12-15'],
    ['Đề nghị UBND các xã tổng hợp, gửi về Phòng Nội vụ trước ngày 20 tháng 12 năm 2026.', '2026-12-20'],
    ['Đề nghị trả lời trước 17 giờ ngày 10/12/2026.', '2026-12-10'],
    ['Thời hạn gửi báo cáo chậm nhất ngày 15/12/2026.', '2026-12-15'],
    ['Hạn chót: 18/12/2026, các đơn vị gửi báo cáo về Văn phòng.', '2026-12-18'],
    ['Các đơn vị gửi báo cáo trước ngày 15/12 để tổng hợp.', '2026-12-15'],
    ['Các đơn vị gửi báo cáo trước ngày 10/01 để tổng hợp.', '2027-01-10'],
  ])('%s', (body, due) => {
    const d = detectDocumentFields(letter(body));
    expect(d.handlingDueDate?.value).toBe(due);
    expect(d.replyRequested?.value).toBe(true);
  });

  it('ignores a deadline before the document’s own date, and an impossible date', () => {
    expect(detectDocumentFields(letter('Đề nghị báo cáo trước ngày 15/11/2026.')).handlingDueDate).toBeNull();
    expect(detectDocumentFields(letter('Đề nghị báo cáo trước ngày 30/02/2027.')).handlingDueDate).toBeNull();
  });

  it('completes a year-less deadline from opts.today when the letter has no readable date, next year once past', () => {
    const text = 'Đề nghị báo cáo trước ngày 15/12.';
    expect(detectDocumentFields(text, { today: '2026-03-01' }).handlingDueDate?.value).toBe('2026-12-15');
    expect(detectDocumentFields(text, { today: '2026-12-20' }).handlingDueDate?.value).toBe('2027-12-15');
    expect(detectDocumentFields(text).handlingDueDate).toBeNull();
  });

  it('marks a reply requested without a date, with less confidence', () => {
    const d = detectDocumentFields(letter('Đề nghị các đơn vị khẩn trương báo cáo kết quả về UBND huyện.'));
    expect(d.handlingDueDate).toBeNull();
    expect(d.replyRequested?.value).toBe(true);
    expect(d.replyRequested!.confidence).toBeLessThan(0.7);
  });
});

describe('dates', () => {
  it('parses the written forms and rejects impossible dates', () => {
    expect(parseVnDate('Hà Nam, ngày 05 tháng 3 năm 2024')).toBe('2024-03-05');
    expect(parseVnDate('ngay 5 thang 03 nam 2024')).toBe('2024-03-05');
    expect(parseVnDate('ngày 29 tháng 02 năm 2024')).toBe('2024-02-29');
    expect(parseVnDate('ngày 29 tháng 02 năm 2023')).toBeNull();
    expect(parseVnDate('ngày 30/02/2024')).toBeNull();
    expect(parseVnDate('15/12/2026')).toBe('2026-12-15');
    expect(parseVnDate('ngày 01 tháng 01 năm 1900')).toBeNull();
    expect(isoDate(2101, 1, 1)).toBeNull();
    expect(isoDate(1945, 9, 2)).toBe('1945-09-02');
  });

  it('does not take an impossible header date as the document date', () => {
    const d = detectDocumentFields(page('ỦY BAN NHÂN DÂN', 'XÃ ĐỒNG HÓA', 'Số: 07/UBND-VP', 'Đồng Hóa, ngày 31 tháng 4 năm 2025'));
    expect(d.issuedDate).toBeNull();
    expect(d.codeNumber?.value).toBe('07');
  });
});

describe('nothing to find, hostile input', () => {
  it('returns nulls for text without the fields, never throws', () => {
    const none = detectDocumentFields('Hôm nay trời đẹp. Chúng tôi đi chơi công viên và ăn kem.\nMai lại đi học.');
    expect(Object.values(none).every((v) => v === null)).toBe(true);
    for (const s of ['', '   \n\n', '\u0000\u0001', 'Số:', 'Số: /', 'ngày tháng năm', 'KT.', '\uD800', 'V/v']) expect(() => detectDocumentFields(s)).not.toThrow();
    expect(detectDocumentFields(undefined as unknown as string).codeNumber).toBeNull();
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (s) => {
        detectDocumentFields(s);
      }),
      { numRuns: 300 },
    );
  });

  it('stays linear on 1 MB of text, including text made of the patterns it looks for', () => {
    const bodies = [
      'Số: 1/ '.repeat(150_000),
      'ngày 1 tháng 1 năm '.repeat(60_000),
      'trước ngày trước ngày '.repeat(50_000),
      'KT. CHỦ TỊCH '.repeat(80_000),
      ('x'.repeat(200) + '\n').repeat(5_000),
      'Nguyễn Văn An Trần Thị Bình '.repeat(40_000),
    ];
    for (const big of bodies) {
      expect(big.length).toBeGreaterThan(900_000);
      const t0 = performance.now();
      detectDocumentFields(big);
      const ms = performance.now() - t0;
      // Generous: about 30–80 ms here; a super-linear regex would take seconds to minutes.
      expect(ms).toBeLessThan(1500);
    }
  });
});

describe('generated letters (clean text)', () => {
  it('recovers every field of every generated letter', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const [letter] = generateLetters(1, seed);
        const acc = letterAccuracy([{ truth: letter.truth, found: guessOf(detectDocumentFields(letter.text)) }]);
        const wrong = Object.entries(acc).filter(([k, v]) => k !== 'n' && v !== 1);
        expect(wrong, letter.text).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('recovers them from the interleaved line order of a PDF text layer too', () => {
    const letters = generateLetters(100, 4242);
    const results = letters.map((l) => {
      const [a, b, ...rest] = l.text.split('\n');
      const lines = l.layout.headerLeft.length === 2 ? [`${a} ${l.layout.motto[0]}`, `${b} ${l.layout.motto[1]}`, `${l.layout.codeLine} ${l.layout.dateLine}`] : [];
      const body = rest.slice(1).filter((x) => !l.layout.motto.includes(x as never) && x !== l.layout.dateLine);
      return { truth: l.truth, found: guessOf(detectDocumentFields([...lines, ...body].join('\n'))) };
    });
    const acc = letterAccuracy(results);
    for (const [k, v] of Object.entries(acc)) if (k !== 'n') expect([k, v]).toEqual([k, 1]);
  });

  it('is deterministic and varied', () => {
    expect(generateLetters(5, 9)).toEqual(generateLetters(5, 9));
    const many = generateLetters(200, 1);
    expect(new Set(many.map((l) => l.truth.docTypeName)).size).toBeGreaterThanOrEqual(7);
    expect(new Set(many.map((l) => l.truth.signerPosition.split(' ')[0])).size).toBeGreaterThanOrEqual(4);
    expect(many.filter((l) => l.truth.deadline).length).toBeGreaterThan(40);
    expect(many.filter((l) => l.truth.codeNotation.includes('/')).length).toBeGreaterThan(3);
  });

  it('letterAccuracy compares after NFC, trim and space normalisation, and counts null = null as right', () => {
    const [l] = generateLetters(1, 3);
    const found: LetterGuess = { ...guessOf(detectDocumentFields(l.text)) };
    found.subject = `  ${l.truth.subject.normalize('NFD').replace(/ /g, '  ')} `;
    found.signerName = 'Someone Else';
    const acc = letterAccuracy([{ truth: l.truth, found }]);
    expect(acc.subject).toBe(1);
    expect(acc.signerName).toBe(0);
    expect(acc.n).toBe(1);
  });
});
