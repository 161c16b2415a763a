// Turns vitest's JSON report into the closing line CI reads: "N passed, N failed, N skipped".
import { readFileSync } from 'node:fs';

const [file, statusText] = process.argv.slice(2);
const status = Number(statusText);
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch {
  console.log(`the test runner wrote no report (exit code ${status})`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const passed = report.numPassedTests ?? 0;
let failed = report.numFailedTests ?? 0;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
// A test file that fails to load has no failed tests of its own: count it, so it cannot pass unnoticed.
const brokenFiles = (report.testResults ?? []).filter((r) => r.status === 'failed' && (r.assertionResults ?? []).every((a) => a.status !== 'failed'));
for (const broken of brokenFiles) console.log(`test file failed outside its tests: ${broken.name}: ${(broken.message ?? '').split('\n')[0]}`);
failed += brokenFiles.length;
if (status !== 0 && failed === 0) {
  console.log(`the test runner exited with ${status} although no test failed (unhandled error?)`);
  failed = 1;
}
if (passed + failed === 0) console.log('no tests ran');
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
