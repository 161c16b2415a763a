/** Checkstyle XML, read by Jenkins' warnings plugin, reviewdog and most CI dashboards. */
import { escapeXml } from './xml.js';
import { collectReport } from './common.js';
import type { Report, ReportSink } from './types.js';

export function formatCheckstyle(report: Report): string {
  return collectReport(writeCheckstyle, report);
}

export function writeCheckstyle(report: Report, write: ReportSink): void {
  const out = { push: (line: string) => write(`${line}\n`) };
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push('<checkstyle version="4.3">');
  for (const fileError of report.fileErrors) {
    out.push(`  <file name="${escapeXml(fileError.file)}">`);
    out.push(`    <error line="1" column="1" severity="error" message="${escapeXml(fileError.message)}" source="drydock.file-error"/>`);
    out.push('  </file>');
  }
  for (const result of report.results) {
    out.push(`  <file name="${escapeXml(result.file)}">`);
    for (const finding of result.findings) {
      const { line, column } = finding.range.start;
      out.push(
        `    <error line="${line}" column="${column}" severity="${finding.severity}" message="${escapeXml(finding.message)}" source="drydock.${escapeXml(finding.ruleId)}"/>`,
      );
    }
    for (const message of result.internalErrors) {
      out.push(`    <error line="1" column="1" severity="error" message="${escapeXml(message)}" source="drydock.internal-error"/>`);
    }
    out.push('  </file>');
  }
  out.push('</checkstyle>');
}
