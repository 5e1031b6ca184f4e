// Child process for the offline tesseract.js test: reads one page image with WasmTesseract and prints the result as
// JSON. Run under tests/helpers/no-network.cjs so any network use by tesseract.js fails loudly and is logged.

import fs from 'node:fs';
import { WasmTesseract } from '../../src-main/ocr/wasm';

const [imagePath, resourcesDir, stagingDir] = process.argv.slice(2);
const driver = new WasmTesseract({ resourcesDir, stagingDir });
try {
  const info = await driver.info();
  const result = await driver.recognize(new Uint8Array(fs.readFileSync(imagePath)), { dpi: 300 });
  process.stdout.write(JSON.stringify({ info, langPath: driver.langPath, result }));
} finally {
  await driver.close();
}
