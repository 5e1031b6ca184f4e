// The one text cleaner behind every API field, file text, import cell and export (issue 7 item 13).

import { describe, expect, it } from 'vitest';
import { cleanInput, sanitizeText, secretFault } from '../../src-shared/text-clean';
import { cleanText } from '../../src-shared/vn/text';
import { tidyText } from '../../src-main/blobs/text-sink';

// eslint-disable-next-line no-control-regex -- characters XML cannot hold
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|\p{Cs}/u;

describe('sanitizeText', () => {
  it('drops C0/C1 controls, DEL, bidi overrides and noncharacters, keeps TAB/LF, turns CR and VT/FF into LF', () => {
    expect(sanitizeText('a\u0000b\u0007c\u001bd\u007fe\u0085f\u009bg')).toBe('abcde\nfg');
    expect(sanitizeText('x\r\ny\rz\u000bw\u000cv\tu')).toBe('x\ny\nz\nw\nv\tu');
    expect(sanitizeText('tệp\u202egnp.exe \u2066a\u2069')).toBe('tệpgnp.exe a');
    expect(sanitizeText('a\ufffeb\uffffc\ufdd0d\u{1fffe}e\u{10ffff}f')).toBe('abcdef');
  });

  it('replaces lone surrogates, keeps real astral characters, normalises to NFC', () => {
    expect(sanitizeText('a\ud800b\udc00c')).toBe('a\ufffdb\ufffdc');
    expect(sanitizeText('😀 𠀀')).toBe('😀 𠀀');
    const nfd = 'Quyê\u0301t đi\u0323nh';
    expect(sanitizeText(nfd)).toBe('Quyết định');
    expect(sanitizeText('Quyê\u0000\u0301t')).toBe('Quyết');
  });

  it('leaves nothing XML 1.0 refuses', () => {
    let all = '';
    for (let c = 0; c < 0x3000; c++) all += String.fromCharCode(c);
    all += '\ud800\udfff\ufffe\uffff\ud83d';
    expect(XML_INVALID.test(sanitizeText(all))).toBe(false);
  });

  it('is what cleanText (single-line fields, import cells) builds on', () => {
    expect(cleanText('  Ủy ban\u0000 nhân\r\ndân\u202e  ')).toBe('Ủy ban nhân dân');
  });
});

describe('text extracted from files', () => {
  it('goes through the same cleaner before storage', () => {
    expect(tidyText('Công\u0000 văn\u202e số\ud800 12\u0001\r\nngày\ufffe 5').text).toBe('Công văn số\ufffd 12\nngày 5');
  });
});

describe('cleanInput (dispatch boundary)', () => {
  it('cleans every string of a nested input, keys too, and leaves bytes alone', () => {
    const bytes = new Uint8Array([0, 1, 2]);
    const r = cleanInput({ subject: 'A\u0000B', list: ['x\u001by', { deep: 'C\u202eD' }], n: 5, b: true, bytes, 'k\u0007': 'v' });
    expect(r).toEqual({ ok: true, value: { subject: 'AB', list: ['xy', { deep: 'CD' }], n: 5, b: true, bytes, k: 'v' } });
    if (r.ok) expect((r.value as { bytes: unknown }).bytes).toBe(bytes);
  });

  it('refuses lone surrogates with the field path and a Vietnamese message', () => {
    const r = cleanInput({ issuer: { name: 'Sở \ud800 Nội vụ' } });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.fields[0].path).toBe('issuer.name');
      expect(r.fields[0].message).toMatch(/ký tự không hợp lệ/);
    }
  });

  it('never alters a password: controls in it are refused, NFD is kept as typed', () => {
    const r = cleanInput({ currentPassword: 'Abc\u0000def1!', newPassword: 'Mâ\u0323tKhâ\u0309u#1' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.fields).toEqual([{ path: 'currentPassword', message: 'Mật khẩu chứa ký tự điều khiển không hợp lệ.' }]);
    }
    const ok = cleanInput({ admin: { password: 'Mâ\u0323tKhâ\u0309u#1' } });
    expect(ok).toEqual({ ok: true, value: { admin: { password: 'Mâ\u0323tKhâ\u0309u#1' } } });
    expect(secretFault('a\tb')).toBe('control');
    expect(secretFault('a\u202eb')).toBe('control');
    expect(secretFault('a\udc00b')).toBe('surrogate');
  });

  it('keeps a "__proto__" key a plain key', () => {
    const r = cleanInput(JSON.parse('{"__proto__": {"polluted": "x"}, "a": "b"}'));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(Object.getPrototypeOf(r.value)).toBe(Object.prototype);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
  });
});
