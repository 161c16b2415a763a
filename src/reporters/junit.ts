/**
 * JUnit XML for CI test-report views: one test suite per file, one failing
 * test case per finding, one passing case for a clean file.
 */
import { countFindings } from './common.js';
import { escapeXml } from './xml.js';
import type { Report } from './types.js';

export function formatJunit(report: Report): string {
  const suites: string[] = [];
  let tests = 0;
  for (const fileError of report.fileErrors) {
    tests++;
    suites.push(
      `  <testsuite name="${escapeXml(fileError.file)}" tests="1" failures="0" errors="1">`,
      `    <testcase name="drydock" classname="${escapeXml(fileError.file)}">`,
      `      <error message="${escapeXml(fileError.message)}">${escapeXml(`${fileError.file}: ${fileError.message}`)}</error>`,
      '    </testcase>',
      '  </testsuite>',
    );
  }
  for (const result of report.results) {
    const cases: string[] = [];
    for (const finding of result.findings) {
      const { line, column } = finding.range.start;
      const where = `${result.file}:${line}:${column}`;
      cases.push(
        `    <testcase name="${escapeXml(`${finding.ruleId} at ${line}:${column}`)}" classname="${escapeXml(result.file)}">`,
        `      <failure message="${escapeXml(finding.message)}" type="${finding.severity}">${escapeXml(`${where}: ${finding.severity}: ${finding.message} [${finding.ruleId}]`)}</failure>`,
        '    </testcase>',
      );
    }
    for (const message of result.internalErrors) {
      cases.push(`    <testcase name="internal error" classname="${escapeXml(result.file)}">`, `      <error message="${escapeXml(message)}"/>`, '    </testcase>');
    }
    const count = result.findings.length + result.internalErrors.length;
    if (count === 0) cases.push(`    <testcase name="drydock" classname="${escapeXml(result.file)}"/>`);
    tests += Math.max(count, 1);
    suites.push(
      `  <testsuite name="${escapeXml(result.file)}" tests="${Math.max(count, 1)}" failures="${result.findings.length}" errors="${result.internalErrors.length}">`,
      ...cases,
      '  </testsuite>',
    );
  }
  const counts = countFindings(report);
  const failures = counts.error + counts.warning + counts.info - counts.fileErrors;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="drydock" tests="${tests}" failures="${failures}" errors="${counts.fileErrors}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
