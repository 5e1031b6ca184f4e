// TCVN3 (TCVN 5712:1993) and VNI-Windows text: every Vietnamese letter round-trips, real register text is converted,
// the encoding of a sample is recognised, and garbled text is spotted.

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  cp1252Byte,
  cp1252Text,
  detectLegacyEncoding,
  oddCharacter,
  tcvn3ToUnicode,
  unicodeToTcvn3,
  unicodeToVni,
  VIETNAMESE_LETTERS,
  vniToUnicode,
} from '../../src-main/imports/legacy-encoding';

const LOWER = [...VIETNAMESE_LETTERS].filter((c) => !/[aeiouy]/.test(c));
const ALL = [...LOWER, ...LOWER.map((c) => c.toUpperCase())];

describe('the code tables', () => {
  it('cover the 134 precomposed Vietnamese letters', () => {
    expect(ALL).toHaveLength(134);
    expect(new Set(ALL).size).toBe(134);
  });

  it('TCVN3: every letter has a code of its own and decodes back', () => {
    const codes = new Set<string>();
    for (const ch of ALL) {
      const enc = unicodeToTcvn3(ch);
      expect(enc, ch).toHaveLength(1);
      codes.add(enc);
      expect(tcvn3ToUnicode(enc), ch).toBe(ch);
    }
    expect(codes.size).toBe(134);
    const text = 'Ủy ban nhân dân huyện Kim Bảng - QUYẾT ĐỊNH về việc Ưu tiên; Ỹ Ỵ Ý Ú Ụ Ừ Ử Ữ Ứ Ự Ỳ Ỷ';
    expect(tcvn3ToUnicode(unicodeToTcvn3(text))).toBe(text);
  });

  it('TCVN3 agrees with the C library’s TCVN5712-1 converter byte for byte (where iconv has it)', () => {
    let iconv: Buffer;
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i).filter((b) => b !== 0));
    try {
      iconv = execFileSync('iconv', ['-f', 'TCVN5712-1', '-t', 'UTF-8'], { input: bytes });
    } catch {
      return; // no glibc iconv here: the round trip above still holds
    }
    const expected = [...iconv.toString('utf8').normalize('NFD')];
    const ours = [...tcvn3ToUnicode(cp1252Text(bytes)).normalize('NFD')];
    expect(ours.join('')).toBe(expected.join(''));
  });

  it('VNI: every letter round-trips, upper-case letters with upper-case marks', () => {
    for (const ch of ALL) {
      const enc = unicodeToVni(ch);
      if (!'íìÍÌ'.includes(ch)) expect(enc, ch).not.toBe(ch); // VNI keeps í and ì as they are
      expect(vniToUnicode(enc), ch).toBe(ch);
    }
    expect(unicodeToVni('Ủy ban nhân dân')).toBe('UÛy ban nhaân daân');
    expect(unicodeToVni('Đường')).toBe('Ñöôøng');
    const text = 'TRƯỜNG Tiểu học Đồng Hóa: Kế hoạch phòng, chống thiên tai năm 2026; Ỵ ỵ Ị ị Ĩ ĩ Ỉ ỉ';
    expect(vniToUnicode(unicodeToVni(text))).toBe(text);
  });

  it('reads the examples from old commune registers', () => {
    expect(tcvn3ToUnicode('ñy ban nh©n d©n huyÖn Kim B¶ng')).toBe('ủy ban nhân dân huyện Kim Bảng');
    expect(vniToUnicode('UÛy ban nhaân daân')).toBe('Ủy ban nhân dân');
  });

  it('maps Windows-1252 characters back to their bytes', () => {
    expect(cp1252Byte('€'.charCodeAt(0))).toBe(0x80);
    expect(cp1252Byte('©'.charCodeAt(0))).toBe(0xa9);
    expect(cp1252Byte('ạ'.charCodeAt(0))).toBe(-1);
  });
});

describe('detectLegacyEncoding', () => {
  const uni = ['Ủy ban nhân dân huyện Kim Bảng', 'Quyết định về việc phê duyệt kế hoạch phòng, chống thiên tai', 'Sở Tài chính tỉnh Hà Nam', 'Công văn đôn đốc nộp báo cáo'];
  it('recognises Unicode, TCVN3 and VNI text', () => {
    expect(detectLegacyEncoding(uni.join('\n'))).toBe('unicode');
    expect(detectLegacyEncoding(uni.map(unicodeToTcvn3).join('\n'))).toBe('tcvn3');
    expect(detectLegacyEncoding(uni.map(unicodeToVni).join('\n'))).toBe('vni');
    expect(detectLegacyEncoding('Plain ASCII only, 12/QĐ-UBND')).toBe('unicode');
    // Unicode text with a few Western names is still Unicode.
    expect(detectLegacyEncoding('Hội thảo với Café René, hoà giải')).toBe('unicode');
  });
});

describe('oddCharacter', () => {
  it('spots garbled words, not real signs', () => {
    expect(oddCharacter('ñy ban nh©n d©n')).toBe('ñ');
    expect(oddCharacter('nh©n')).toBe('©');
    expect(oddCharacter('UÛy ban')).toBe('Û');
    expect(oddCharacter('Ủy ban nhân dân huyện Kim Bảng')).toBeNull();
    expect(oddCharacter('Nhiệt độ 30°C, «khẩn»')).toBeNull();
    expect(oddCharacter('Điều 5 § 2')).toBeNull();
    expect(oddCharacter('c«ng v¨n')).toBe('«');
    expect(oddCharacter('Kích thước 3×4 m, tỉ lệ 1÷2')).toBeNull();
    expect(oddCharacter('v× sao')).toBe('×');
    expect(oddCharacter('bad \u0081 control')).toBe('\u0081');
    expect(oddCharacter('thay \ufffd thế')).toBe('\ufffd');
  });
});
