// The shipped trust anchors load only when their bytes match the pins in the code: a swapped file is refused.

import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { certificateInfo } from '../../src-main/signing/cert-info';
import { BUNDLED_ANCHORS, loadBundledAnchors } from '../../src-main/signing/bundled-anchors';
import { silentLogger, tempDir } from '../helpers/core';

it('loads the VGCA root G2 from resources/trust, pinned by SHA-256', () => {
  const anchors = loadBundledAnchors(path.resolve('resources'), silentLogger);
  expect(anchors).toHaveLength(BUNDLED_ANCHORS.length);
  const info = certificateInfo(anchors[0]);
  expect(info.subjectCN).toBe('RootCA chuyên dùng Chính phủ G2');
  expect(info.organisation).toBe('Ban Cơ yếu Chính phủ');
  expect(info.isCA).toBe(true);
  expect(info.fingerprint).toBe(BUNDLED_ANCHORS[0].sha256);
});

it('refuses a bundled file whose bytes do not match its pin', () => {
  const dir = tempDir('vanthu-anchors-');
  fs.mkdirSync(path.join(dir, 'trust'));
  const pem = fs.readFileSync(path.resolve('resources/trust/vgca-rootca-g2.pem'), 'latin1');
  // One base64 character of the body changed: still a well-formed PEM, no longer the pinned certificate.
  const lines = pem.split('\n');
  lines[5] = lines[5].slice(0, 10) + (lines[5][10] === 'A' ? 'B' : 'A') + lines[5].slice(11);
  fs.writeFileSync(path.join(dir, 'trust', 'vgca-rootca-g2.pem'), lines.join('\n'));
  const before = silentLogger.errors.length;
  expect(loadBundledAnchors(dir, silentLogger)).toEqual([]);
  expect(silentLogger.errors.slice(before).join('\n')).toMatch(/does not match its pin/);
  fs.rmSync(dir, { recursive: true, force: true });
});
