// Generator figures: how long the benchmark document generator takes to produce the 1,000,000 documents the other
// suites load. Moved out of the unit tests (issue 8): a timing with no limit is a measurement, not a test.

import { createDocGenerator } from './gen-vn-docs';
import { report } from './index';
import { stats } from './util';

const YEAR = 2026;
const TOTAL = 1_000_000;
const CHUNK = 10_000;

export async function generatorBench(): Promise<void> {
  const g = createDocGenerator(6, { total: TOTAL });
  for (let i = 0; i < 2000; i++) g.document(i, YEAR); // year tables and JIT warm-up, as the unit test did
  const chunks: number[] = [];
  let last = 0;
  const t0 = performance.now();
  for (let c = 0; c < TOTAL; c += CHUNK) {
    const c0 = performance.now();
    for (let i = c; i < c + CHUNK; i++) last = g.document(i, YEAR).arrivalAt;
    chunks.push(performance.now() - c0);
  }
  const ms = performance.now() - t0;
  if (!(last > 0)) throw new Error('the generator produced no arrival time');
  report({ suite: 'generator', figure: 'generate 1,000,000 documents', value: Math.round(ms), unit: 'ms', documents: TOTAL });
  report({
    suite: 'generator',
    figure: `generate ${CHUNK.toLocaleString('en')} documents (per chunk of the 1,000,000 run)`,
    value: stats(chunks).p50,
    unit: 'ms',
    documents: TOTAL,
    chunk: CHUNK,
    ...stats(chunks),
  });
}
