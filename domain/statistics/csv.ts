/**
 * The 考核/通报 export as CSV: one table (per department, per step, totals)
 * with Chinese headers, CRLF lines and a UTF-8 byte-order mark so that Excel
 * opens the Chinese text correctly by double-click.
 */
import type { DepartmentRow, Metrics, StepRow } from './metrics.js';

const BOM = '\uFEFF';

/** One CSV cell: quoted when needed; text that a spreadsheet would run as a formula is defused with a leading '. */
export function csvCell(v: string | number | null | undefined, text = true): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (text && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A rate 0–1 as a percentage with one decimal (0.875 → 87.5%); empty when unmeasured. */
export function percentText(r: number | null): string {
  return r === null ? '' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`;
}

export const CSV_HEADERS = [
  '统计口径',
  '部门',
  '流程',
  '环节',
  '办结数',
  '有时限的办结数',
  '按时办结数',
  '按时办结率',
  '逾期数',
  '其中逾期办结',
  '其中逾期未办结',
  '平均办理时长（小时）',
  'P90办理时长（小时）',
  '当前积压',
  '其中已逾期',
] as const;

function metricCells(m: Metrics): string[] {
  return [
    csvCell(m.done, false),
    csvCell(m.doneWithDue, false),
    csvCell(m.onTime, false),
    csvCell(percentText(m.onTimeRate), false),
    csvCell(m.overdue, false),
    csvCell(m.overdueDone, false),
    csvCell(m.overdueOpen, false),
    csvCell(m.avgHours === null ? null : m.avgHours.toFixed(2), false),
    csvCell(m.p90Hours === null ? null : m.p90Hours.toFixed(2), false),
    csvCell(m.backlog, false),
    csvCell(m.backlogOverdue, false),
  ];
}

/** The whole report as CSV text, BOM first. */
export function statisticsCsv(report: { byDepartment: DepartmentRow[]; byStep: StepRow[]; totals: Metrics }): string {
  const lines: string[] = [CSV_HEADERS.join(',')];
  for (const d of report.byDepartment) lines.push(['按部门', csvCell(d.departmentName), '', '', ...metricCells(d)].join(','));
  for (const s of report.byStep) lines.push(['按环节', '', csvCell(s.processName), csvCell(s.stepName), ...metricCells(s)].join(','));
  lines.push(['合计', '', '', '', ...metricCells(report.totals)].join(','));
  return BOM + lines.join('\r\n') + '\r\n';
}
