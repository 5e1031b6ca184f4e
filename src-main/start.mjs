// `npm start`: builds the renderer when it is missing or stale, then opens the Electron window where Electron is
// installed; otherwise serves the same app in browser mode at http://127.0.0.1 and says so.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
process.chdir(root);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

function buildIfStale() {
  const marker = path.join(root, 'out', 'renderer', 'index.html');
  const built = fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : 0;
  const sources = Math.max(...['src-renderer', 'src-shared', 'src-main'].map((d) => newestMtime(path.join(root, d))));
  if (built >= sources) return;
  console.log('Đang đóng gói giao diện (electron-vite build)…');
  const r = spawnSync(path.join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** The Electron binary, if this machine has one and a display to show it on. */
function electronBinary() {
  if (process.env.VANTHU_BROWSER_MODE === '1') return null;
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return null;
  try {
    const p = require('electron');
    return typeof p === 'string' && fs.existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

buildIfStale();
const electron = electronBinary();
const args = process.argv.slice(2);
if (electron) {
  console.log('Mở VănThư (Electron)…');
  const child = spawn(electron, [root, ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('Không có Electron trên máy này (hoặc không có màn hình): VănThư chạy ở chế độ trình duyệt.');
  const port = args.includes('--port') ? [] : ['--port', process.env.PORT ?? '5780'];
  const child = spawn(process.execPath, [path.join(root, 'src-main', 'bin', 'vanthu.mjs'), 'serve', ...port, ...args], { stdio: 'inherit' });
  const stop = (sig) => child.kill(sig);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}
