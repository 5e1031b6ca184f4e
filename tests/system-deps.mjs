// The real parts the tests use (Chromium, poppler, ImageMagick ...): checks each and, on Debian/Ubuntu as root,
// installs what is missing with apt in one go. Idempotent and quick when everything is present.

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';

/** What the suite needs: a file that proves the part is installed, and the Debian package that provides it. */
export const REQUIREMENTS = [
  { what: 'Chromium (kiểm thử giao diện)', file: '/usr/bin/chromium', pkg: 'chromium' },
  { what: 'poppler: pdftotext, pdffonts, pdfinfo, pdftoppm', file: '/usr/bin/pdftotext', pkg: 'poppler-utils' },
  { what: 'ImageMagick (ảnh mẫu)', file: '/usr/bin/convert-im6.q16', pkg: 'imagemagick' },
  { what: 'Ghostscript (PDF có mật khẩu)', file: '/usr/bin/gs', pkg: 'ghostscript' },
  { what: 'Font DejaVu (giao diện trong Chromium)', file: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', pkg: 'fonts-dejavu-core' },
  { what: 'Font Noto (giao diện trong Chromium)', file: '/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf', pkg: 'fonts-noto-core' },
  { what: 'SoftHSM2 (token PKCS#11 thử nghiệm)', file: '/usr/bin/softhsm2-util', pkg: 'softhsm2' },
  { what: 'OpenSC pkcs11-tool (nạp chứng thư vào token)', file: '/usr/bin/pkcs11-tool', pkg: 'opensc' },
  { what: 'NSS certutil (cho pdfsig tin CA thử nghiệm)', file: '/usr/bin/certutil', pkg: 'libnss3-tools' },
  { what: 'qpdf (PDF có xref stream, object stream)', file: '/usr/bin/qpdf', pkg: 'qpdf' },
  { what: 'OpenSSL (CA, TSA, OCSP thử nghiệm)', file: '/usr/bin/openssl', pkg: 'openssl' },
  { what: 'LibreOffice Writer (PDF do bộ soạn thảo khác tạo)', file: '/usr/bin/soffice', pkg: 'libreoffice-writer-nogui' },
  { what: 'SANE scanimage (máy quét thử nghiệm "test")', file: '/usr/bin/scanimage', pkg: 'sane-utils' },
  { what: 'Tesseract OCR', file: '/usr/bin/tesseract', pkg: 'tesseract-ocr' },
  { what: 'Tesseract: dữ liệu tiếng Việt', file: '/usr/share/tesseract-ocr/5/tessdata/vie.traineddata', pkg: 'tesseract-ocr-vie' },
  { what: 'xmllint (kiểm tra XML hồ sơ theo XSD)', file: '/usr/bin/xmllint', pkg: 'libxml2-utils' },
  { what: 'PostgreSQL 15 (trục liên thông tỉnh: initdb, pg_ctl)', file: '/usr/lib/postgresql/15/bin/initdb', pkg: 'postgresql' },
];

export function missing() {
  return REQUIREMENTS.filter((r) => !fs.existsSync(r.file));
}

export function ensureSystemDeps({ log = console.log } = {}) {
  const need = missing();
  if (!need.length) return true;
  const pkgs = [...new Set(need.map((r) => r.pkg))];
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
  if (!isRoot || !hasApt) {
    log('Thiếu các thành phần hệ thống để chạy kiểm thử:');
    for (const r of need) log(`  - ${r.what} (gói ${r.pkg})`);
    log(`Cài bằng: sudo apt-get install -y --no-install-recommends ${pkgs.join(' ')}`);
    return false;
  }
  log(`Đang cài các gói hệ thống còn thiếu: ${pkgs.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...pkgs], { stdio: 'inherit', env });
  const still = missing();
  for (const r of still) log(`Vẫn thiếu sau khi cài: ${r.what} (${r.file})`);
  return still.length === 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(ensureSystemDeps() ? 0 : 1);
