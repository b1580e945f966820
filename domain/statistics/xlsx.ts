/**
 * The 考核/通报 export as an Excel workbook (exceljs): the same table as the
 * CSV (per department, per step, totals; Chinese headers) with real numbers —
 * rates as percentages, hours with two decimals — and a second sheet naming
 * the range, the scope and when the figures were taken.
 */
import ExcelJS from 'exceljs';
import { CSV_HEADERS } from './csv.js';
import type { DayPoint, DepartmentRow, Metrics, StepRow } from './metrics.js';

/** The sheet holding the figures (the test and the dashboard name it). */
export const XLSX_SHEET = '考核统计';
/** The sheet of the per-day series (the 逾期趋势 chart of the dashboard). */
export const XLSX_DAILY_SHEET = '逐日趋势';
/** Its columns; a day after the moment of export has empty cells. */
export const DAILY_HEADERS = ['日期（北京时间）', '当日办结', '其中逾期办结', '当日新增逾期', '日终逾期未结'] as const;

type Row = (string | number | null)[];

function metricValues(m: Metrics): Row {
  return [m.done, m.doneWithDue, m.onTime, m.onTimeRate, m.overdue, m.overdueDone, m.overdueOpen, m.avgHours, m.p90Hours, m.backlog, m.backlogOverdue];
}

/** The report's rows in the export's order: departments, steps, the totals line. */
export function statisticsRows(report: { byDepartment: DepartmentRow[]; byStep: StepRow[]; totals: Metrics }): Row[] {
  return [
    ...report.byDepartment.map((d) => ['按部门', d.departmentName, '', '', ...metricValues(d)]),
    ...report.byStep.map((s) => ['按环节', '', s.processName, s.stepName, ...metricValues(s)]),
    ['合计', '', '', '', ...metricValues(report.totals)],
  ];
}

/** The whole report as an .xlsx file. */
export async function statisticsXlsx(report: {
  range: { from: string; to: string };
  scope: { departmentName: string | null };
  generatedAt: string;
  byDepartment: DepartmentRow[];
  byStep: StepRow[];
  totals: Metrics;
  daily: DayPoint[];
}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '兜底 · 社会救助协同平台';
  wb.created = new Date(report.generatedAt);
  const ws = wb.addWorksheet(XLSX_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow([...CSV_HEADERS]);
  for (const r of statisticsRows(report)) ws.addRow(r);
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  header.height = 32;
  const widths = [10, 16, 20, 18, 8, 10, 10, 10, 8, 10, 10, 12, 12, 8, 8];
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  ws.getColumn(8).numFmt = '0.0%';
  ws.getColumn(12).numFmt = '0.00';
  ws.getColumn(13).numFmt = '0.00';
  ws.getRow(ws.rowCount).font = { bold: true };

  const days = wb.addWorksheet(XLSX_DAILY_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  days.addRow([...DAILY_HEADERS]);
  for (const d of report.daily) days.addRow([d.date, d.done, d.doneLate, d.newlyOverdue, d.openOverdue]);
  days.getRow(1).font = { bold: true };
  [16, 10, 12, 12, 12].forEach((w, i) => {
    days.getColumn(i + 1).width = w;
  });

  const info = wb.addWorksheet('说明');
  info.addRows([
    ['统计区间', `${report.range.from} 至 ${report.range.to}（北京时间）`],
    ['统计范围', report.scope.departmentName ?? '全县各成员单位'],
    ['生成时间', new Date(report.generatedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })],
    ['口径', '办结数为区间内办结的任务；按时办结率 = 按时办结数 ÷ 有时限的办结数；逾期数 = 逾期办结 + 区间末仍未办结且已逾期；当前积压为导出时的未办结任务。'],
    [
      '逐日趋势',
      '当日办结：当天办结的任务；其中逾期办结：超过办理时限才办结的；当日新增逾期：办理时限在当天届满而未按时办结的；日终逾期未结：当天结束时（今天为导出时刻）仍未办结且已超过时限的。已撤回或中止的任务不计；导出之后的日期为空。',
    ],
  ]);
  info.getColumn(1).width = 12;
  info.getColumn(2).width = 90;
  info.getColumn(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
