// Benchmark entry: picks suites by name (all when none given).

import { accountsBench } from './accounts';
import { backupBench } from './backup';
import { edxmlBench } from './edxml';
import { extractBench } from './extract';
import { foundationBench } from './foundation';
import { generatorBench } from './generator';
import { incomingBench } from './incoming';
import { loadBench } from './load';
import { recordsBench } from './records';
import { reportsBench } from './reports';
import { scanBench } from './scan';
import { scheduleBench } from './schedule';
import { signingBench } from './signing';
import { syncBench } from './sync';
import { workflowBench } from './workflow';

export interface Figure {
  suite: string;
  figure: string;
  value: number;
  unit: string;
  target?: string;
  [extra: string]: unknown;
}

export function report(f: Figure): void {
  process.stdout.write(`${JSON.stringify(f)}\n`);
}

const SUITES: Record<string, () => Promise<void>> = {
  foundation: foundationBench,
  generator: generatorBench,
  incoming: incomingBench,
  extract: extractBench,
  load: loadBench,
  workflow: workflowBench,
  signing: signingBench,
  sync: syncBench,
  edxml: edxmlBench,
  scan: scanBench,
  records: recordsBench,
  schedule: scheduleBench,
  reports: reportsBench,
  backup: backupBench,
  accounts: accountsBench,
};

export async function main(args: string[]): Promise<void> {
  const names = args.length ? args : Object.keys(SUITES);
  for (const n of names) {
    const suite = SUITES[n];
    if (!suite) {
      process.stderr.write(`Không có bộ đo "${n}". Có: ${Object.keys(SUITES).join(', ')}\n`);
      process.exitCode = 1;
      return;
    }
    await suite();
  }
}
