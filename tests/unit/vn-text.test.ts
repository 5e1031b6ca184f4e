import { describe, expect, it } from 'vitest';
import { accountBaseName, fold, foldSameLength, highlightRanges, queryTerms, suggestAccountName } from '../../src-shared/vn/text';

describe('Vietnamese folding', () => {
  it('strips every diacritic and folds đ/Đ to d', () => {
    expect(fold('Quyết định Đà Nẵng ĐỘC LẬP Ủy ban')).toBe('quyet dinh da nang doc lap uy ban');
    expect(fold('Nghĩa Hưng, Hỏa tốc, Thượng khẩn')).toBe('nghia hung, hoa toc, thuong khan');
  });

  it('treats NFD input like NFC', () => {
    expect(fold('Quyết'.normalize('NFD'))).toBe('quyet');
  });

  it('folds without changing length, so offsets carry over to the original', () => {
    const s = 'Ủy ban nhân dân xã Đồng Hóa — İstanbul ﬁ 😀';
    const f = foldSameLength(s);
    expect(f.length).toBe(s.length);
    expect(f.startsWith('uy ban nhan dan xa dong hoa')).toBe(true);
    expect(s.slice(f.indexOf('dong hoa'), f.indexOf('dong hoa') + 8)).toBe('Đồng Hóa');
  });

  it('splits queries on punctuation', () => {
    expect(queryTerms('Số 12/QĐ-UBND  về')).toEqual(['so', '12', 'qd', 'ubnd', 've']);
  });

  it('maps highlight ranges back onto the original text', () => {
    const text = 'Quyết định về Đà Nẵng';
    const ranges = highlightRanges(text, ['dinh', 'da']);
    expect(ranges.map(([a, b]) => text.slice(a, b))).toEqual(['định', 'Đà']);
  });

  it('only highlights at word starts', () => {
    expect(highlightRanges('Tăng cường', ['cuong'])).toEqual([[5, 10]]);
    expect(highlightRanges('Tăng cường', ['ang'])).toEqual([]);
  });
});

describe('account names (QN 6.2)', () => {
  it('builds the base name from the full name', () => {
    expect(accountBaseName('Trần Văn A')).toBe('tranvana');
    expect(accountBaseName('Đỗ Thị Đào')).toBe('dothidao');
  });

  it('numbers namesakes from 2', () => {
    const taken = new Set(['tranvana']);
    expect(suggestAccountName('Trần Văn A', (n) => taken.has(n))).toBe('tranvana2');
    taken.add('tranvana2');
    expect(suggestAccountName('Trần Văn A', (n) => taken.has(n))).toBe('tranvana3');
    expect(suggestAccountName('Lê B', () => false)).toBe('leb');
  });
});
