// Shared helpers for benchmarks: cached data folders and percentiles.

import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../src-main/env';

export function benchDir(name: string): string {
  const dir = path.join(packageRoot(), '.bench-data', name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { p50: r(percentile(s, 50)), p95: r(percentile(s, 95)), p99: r(percentile(s, 99)), n: s.length };
}
