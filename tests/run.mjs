// `npm test`: installs the system parts the tests use, type-checks, lints (ESLint), checks the formatting (Prettier),
// builds the renderer, runs the unit/service/API tests (vitest) and the end-to-end tests (Playwright + Chromium), then
// prints one summary line.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureSystemDeps } from './system-deps.mjs';

const ARTIFACTS = 'tests/artifacts';
fs.mkdirSync(ARTIFACTS, { recursive: true });
const bin = (name) => path.join('node_modules', '.bin', name);
const steps = [];

function step(name, cmd, args, env = {}) {
  const started = Date.now();
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = r.status === 0;
  steps.push({ name, ok, seconds: ((Date.now() - started) / 1000).toFixed(1) });
  return ok;
}

const only = process.argv.slice(2);
const want = (s) => only.length === 0 || only.includes(s);

if (!ensureSystemDeps()) {
  console.log('tests: 0 passed, 1 failed');
  process.exit(1);
}

if (want('types')) {
  step('Kiểm tra kiểu (shared)', bin('tsc'), ['-p', 'tsconfig.shared.json']);
  step('Kiểm tra kiểu (node)', bin('tsc'), ['-p', 'tsconfig.node.json']);
  step('Kiểm tra kiểu (renderer)', bin('tsc'), ['-p', 'tsconfig.web.json']);
  step('Kiểm tra kiểu (e2e)', bin('tsc'), ['-p', 'tsconfig.e2e.json']);
  step('Kiểm tra mã (ESLint)', bin('eslint'), ['.']);
  step('Kiểm tra định dạng (Prettier)', bin('prettier'), ['--check', '.']);
}
const built = want('e2e') ? step('Build (electron-vite)', bin('electron-vite'), ['build']) : true;

let passed = 0;
let failed = 0;
if (want('unit')) {
  const out = path.join(ARTIFACTS, 'vitest-results.json');
  fs.rmSync(out, { force: true });
  step('Vitest: unit, service, API', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile=${out}`]);
  if (fs.existsSync(out)) {
    const r = JSON.parse(fs.readFileSync(out, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
  } else failed++;
}
if (want('e2e') && built) {
  const out = path.join(ARTIFACTS, 'e2e-results.json');
  fs.rmSync(out, { force: true });
  step('Playwright: end-to-end in Chromium', bin('playwright'), ['test']);
  if (fs.existsSync(out)) {
    const r = JSON.parse(fs.readFileSync(out, 'utf8'));
    passed += r.stats.expected + r.stats.flaky;
    failed += r.stats.unexpected;
  } else failed++;
}

console.log('\n=== Tóm tắt ===');
for (const s of steps) console.log(`${s.ok ? 'OK  ' : 'LỖI'} ${s.name} (${s.seconds} s)`);
const stepFailures = steps.filter((s) => !s.ok).length;
console.log(`tests: ${passed} passed, ${failed + (failed === 0 ? stepFailures : 0)} failed`);
process.exit(stepFailures || failed ? 1 : 0);
