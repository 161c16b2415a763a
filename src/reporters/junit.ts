/**
 * JUnit XML for CI test-report views: one test suite per file, one failing
 * test case per finding, one passing case for a clean file.
 */
import { collectReport, countFindings } from './common.js';
import { escapeXml } from './xml.js';
import type { Report, ReportSink } from './types.js';

export function formatJunit(report: Report): string {
  return collectReport(writeJunit, report);
}

export function writeJunit(report: Report, write: ReportSink): void {
  const out = { push: (...lines: string[]) => lines.forEach((line) => write(`${line}\n`)) };
  // The totals open the document: counted before the suites are written.
  let tests = report.fileErrors.length;
  for (const result of report.results) tests += Math.max(result.findings.length + result.internalErrors.length, 1);
  const counts = countFindings(report);
  const failures = counts.error + counts.warning + counts.info - counts.fileErrors;
  out.push('<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="drydock" tests="${tests}" failures="${failures}" errors="${counts.fileErrors}">`);
  for (const fileError of report.fileErrors) {
    out.push(
      `  <testsuite name="${escapeXml(fileError.file)}" tests="1" failures="0" errors="1">`,
      `    <testcase name="drydock" classname="${escapeXml(fileError.file)}">`,
      `      <error message="${escapeXml(fileError.message)}">${escapeXml(`${fileError.file}: ${fileError.message}`)}</error>`,
      '    </testcase>',
      '  </testsuite>',
    );
  }
  for (const result of report.results) {
    const count = result.findings.length + result.internalErrors.length;
    out.push(`  <testsuite name="${escapeXml(result.file)}" tests="${Math.max(count, 1)}" failures="${result.findings.length}" errors="${result.internalErrors.length}">`);
    for (const finding of result.findings) {
      const { line, column } = finding.range.start;
      const where = `${result.file}:${line}:${column}`;
      out.push(
        `    <testcase name="${escapeXml(`${finding.ruleId} at ${line}:${column}`)}" classname="${escapeXml(result.file)}">`,
        `      <failure message="${escapeXml(finding.message)}" type="${finding.severity}">${escapeXml(`${where}: ${finding.severity}: ${finding.message} [${finding.ruleId}]`)}</failure>`,
        '    </testcase>',
      );
    }
    for (const message of result.internalErrors) {
      out.push(`    <testcase name="internal error" classname="${escapeXml(result.file)}">`, `      <error message="${escapeXml(message)}"/>`, '    </testcase>');
    }
    if (count === 0) out.push(`    <testcase name="drydock" classname="${escapeXml(result.file)}"/>`);
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
}
