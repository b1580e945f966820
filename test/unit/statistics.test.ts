import { expect } from 'chai';
import { statisticsQuerySchema } from '../../contracts/statistics.schema.js';
import { BadRequestError } from '../../domain/errors.js';
import { statisticsScope } from '../../domain/services/statistics.service.js';
import { CSV_HEADERS, csvCell, percentText, statisticsCsv } from '../../domain/statistics/csv.js';
import { buildRows, dailySeries, departmentOfGroups, openDuring, mean, percentile, rate, resolveRange, round, summarize, UNASSIGNED, type GroupDirectory, type Labels, type TaskFact } from '../../domain/statistics/metrics.js';
import { parseOrThrow } from '../../domain/validation.js';

/** A Beijing wall-clock time written by hand, as epoch ms: bj('2026-03-02T09:00'). */
const bj = (local: string): number => new Date(`${local}:00+08:00`).getTime();

let seq = 0;
function fact(p: Partial<TaskFact> & Pick<TaskFact, 'created'>): TaskFact {
  return { taskId: `t${++seq}`, processKey: 'social-assistance-application', taskKey: 'Task_HomeVisit', taskName: '入户调查', department: 'village', due: null, completed: null, ...p };
}

function badRequest(fn: () => unknown): BadRequestError {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(BadRequestError);
    return err as BadRequestError;
  }
  throw new Error('expected a 400');
}

// March 2026 in Beijing time; "now" is Fri 03-20 12:00.
const MARCH = { start: bj('2026-03-01T00:00'), end: bj('2026-03-31T23:59') + 59_999, now: bj('2026-03-20T12:00') };

describe('考核统计 / 计算规则', () => {
  describe('P90 (nearest rank), mean, rate', () => {
    it('takes the smallest value with at least 90 % of the values at or below it', () => {
      expect(percentile([], 90)).to.equal(null);
      expect(percentile([5], 90)).to.equal(5);
      // 10 values: rank ⌈0.9 × 10⌉ = 9 → the 9th smallest
      expect(percentile([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 90)).to.equal(9);
      // 11 values: rank ⌈9.9⌉ = 10
      expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90)).to.equal(10);
      // 3 values: rank ⌈2.7⌉ = 3, the largest
      expect(percentile([12, 48, 24], 90)).to.equal(48);
      // 30 values: rank ⌈27⌉ = 27, not 28
      expect(
        percentile(
          Array.from({ length: 30 }, (_, i) => i + 1),
          90,
        ),
      ).to.equal(27);
      // median of 4 values by nearest rank: rank 2
      expect(percentile([4, 1, 3, 2], 50)).to.equal(2);
      expect(() => percentile([1], 0)).to.throw(RangeError);
    });

    it('averages, divides and rounds as a report would', () => {
      expect(mean([])).to.equal(null);
      expect(mean([24, 48, 12])).to.equal(28);
      expect(rate(1, 0)).to.equal(null);
      expect(rate(2, 3)).to.be.closeTo(0.6667, 1e-4);
      expect(round(2 / 3, 4)).to.equal(0.6667);
      expect(round(1.005, 2)).to.equal(1); // binary 1.00499…: no false rounding up
      expect(round(2.675, 1)).to.equal(2.7);
      expect(round(null, 2)).to.equal(null);
    });
  });

  describe('统计区间', () => {
    it('defaults to the last 30 Beijing days, today included', () => {
      // 2026-03-09 17:00 UTC is already 03-10 01:00 in Beijing
      const r = resolveRange({}, new Date('2026-03-09T17:00:00Z'));
      expect(r.to).to.equal('2026-03-10');
      // Feb 9 … Feb 28 (20 days) + Mar 1 … Mar 10 (10 days)
      expect(r.from).to.equal('2026-02-09');
      expect(r.days).to.equal(30);
      expect(r.start.toISOString()).to.equal('2026-02-08T16:00:00.000Z');
      expect(r.end.toISOString()).to.equal('2026-03-10T15:59:59.999Z');
    });

    it('accepts up to 366 days and refuses inverted or longer ranges with a code and a Chinese message', () => {
      expect(resolveRange({ from: '2024-01-01', to: '2024-12-31' }, new Date()).days).to.equal(366);
      expect(resolveRange({ from: '2026-03-05', to: '2026-03-05' }, new Date()).days).to.equal(1);
      const inverted = badRequest(() => resolveRange({ from: '2026-03-06', to: '2026-03-05' }, new Date()));
      expect(inverted.code).to.equal('STATISTICS_RANGE_INVERTED');
      expect(inverted.message).to.contain('不能晚于');
      const long = badRequest(() => resolveRange({ from: '2025-01-01', to: '2026-01-02' }, new Date()));
      expect(long.code).to.equal('STATISTICS_RANGE_TOO_LONG');
      expect(long.message).to.contain('367 天');
    });

    it('rejects malformed dates and formats field by field', () => {
      expect(parseOrThrow(statisticsQuerySchema, { from: '2026-02-28', format: 'csv' })).to.deep.equal({ from: '2026-02-28', format: 'csv' });
      const feb30 = badRequest(() => parseOrThrow(statisticsQuerySchema, { from: '2026-02-30' }, '统计条件'));
      expect(feb30.code).to.equal('FROM_INVALID');
      expect(feb30.message).to.match(/开始日期/);
      expect(badRequest(() => parseOrThrow(statisticsQuerySchema, { to: '2026/03/01' })).code).to.equal('TO_INVALID');
      expect(badRequest(() => parseOrThrow(statisticsQuerySchema, { to: '1999-12-31' })).message).to.contain('2000–2099');
      expect(badRequest(() => parseOrThrow(statisticsQuerySchema, { from: ['2026-01-01', '2026-01-02'] })).code).to.equal('FROM_INVALID');
      expect(parseOrThrow(statisticsQuerySchema, { format: 'xlsx' })).to.deep.equal({ format: 'xlsx' });
      const fmt = badRequest(() => parseOrThrow(statisticsQuerySchema, { format: 'pdf' }));
      expect(fmt.code).to.equal('FORMAT_INVALID');
      expect(fmt.message).to.contain('xlsx');
    });
  });

  describe('按时办结率、逾期、办理时长、积压', () => {
    const facts = [
      // A: 24 h, completed before its due → on time
      fact({ created: bj('2026-03-02T09:00'), due: bj('2026-03-05T23:59'), completed: bj('2026-03-03T09:00') }),
      // B: 48 h, due after 24 h → late
      fact({ created: bj('2026-03-02T09:00'), due: bj('2026-03-03T09:00'), completed: bj('2026-03-04T09:00') }),
      // C: 12 h, no time limit → neither on time nor late
      fact({ created: bj('2026-03-10T08:00'), completed: bj('2026-03-10T20:00') }),
      // D: completed in February → outside the range
      fact({ created: bj('2026-02-20T09:00'), due: bj('2026-02-25T09:00'), completed: bj('2026-02-27T09:00') }),
      // E: open, due 03-18 → overdue now
      fact({ created: bj('2026-03-15T09:00'), due: bj('2026-03-18T09:00') }),
      // F: open, due 03-25 → not yet
      fact({ created: bj('2026-03-19T09:00'), due: bj('2026-03-25T09:00') }),
      // G: open, no due
      fact({ created: bj('2026-03-19T10:00') }),
    ];

    it('counts by hand: 3 done, 1 of 2 on time, 2 overdue, mean 28 h, p90 48 h, backlog 3 with 1 overdue', () => {
      expect(summarize(facts, MARCH)).to.deep.equal({
        done: 3,
        doneWithDue: 2,
        onTime: 1,
        onTimeRate: 0.5,
        overdue: 2,
        overdueDone: 1,
        overdueOpen: 1,
        avgHours: 28,
        p90Hours: 48,
        backlog: 3,
        backlogOverdue: 1,
      });
    });

    it('in a past range counts open tasks as overdue only if already past due at its end', () => {
      // 1–10 March: A, B, C done; E was not yet due on 03-10 (it is now: backlog says so)
      const m = summarize(facts, { ...MARCH, end: bj('2026-03-10T23:59') + 59_999 });
      expect(m).to.include({ done: 3, overdueDone: 1, overdueOpen: 0, overdue: 1, backlog: 3, backlogOverdue: 1 });
    });

    it('includes both ends of the range and a completion exactly at the due time is on time', () => {
      const due = bj('2026-03-10T17:00');
      const edge = [
        fact({ created: bj('2026-02-28T12:00'), completed: MARCH.start }),
        fact({ created: bj('2026-03-31T12:00'), completed: MARCH.end }),
        fact({ created: bj('2026-02-28T12:00'), completed: MARCH.start - 1 }),
        fact({ created: bj('2026-03-10T09:00'), due, completed: due }),
      ];
      const m = summarize(edge, MARCH);
      expect(m).to.include({ done: 3, doneWithDue: 1, onTime: 1, onTimeRate: 1, overdue: 0 });
      // 12 h, 11 h 59 min 59.999 s, 8 h → mean 10.6667 h → 10.67; p90 = 12
      expect(m.avgHours).to.equal(10.67);
      expect(m.p90Hours).to.equal(12);
    });

    it('reports nothing measurable as null, not as zero', () => {
      expect(summarize([], MARCH)).to.include({ done: 0, onTimeRate: null, avgHours: null, p90Hours: null, backlog: 0 });
    });
  });

  describe('逾期趋势（按日）', () => {
    // 17–21 March; now is Fri 03-20 12:00, so 03-21 has not begun.
    const range = { from: '2026-03-17', days: 5 };
    const facts = [
      // A: due 03-17 17:00, done 03-18 10:00 → newly overdue on 17, open overdue at the end of 17, done late on 18
      fact({ created: bj('2026-03-16T09:00'), due: bj('2026-03-17T17:00'), completed: bj('2026-03-18T10:00') }),
      // B: done on time on 19
      fact({ created: bj('2026-03-17T09:00'), due: bj('2026-03-19T17:00'), completed: bj('2026-03-19T16:00') }),
      // C: open, due 03-19 12:00 → newly overdue on 19, open overdue on 19 and 20
      fact({ created: bj('2026-03-18T08:00'), due: bj('2026-03-19T12:00') }),
      // D: due 20 11:00, done 20 11:30 → newly overdue and done late the same day, not open at noon
      fact({ created: bj('2026-03-20T09:00'), due: bj('2026-03-20T11:00'), completed: bj('2026-03-20T11:30') }),
      // E: open, due 20 15:00 → not overdue yet at noon
      fact({ created: bj('2026-03-20T10:00'), due: bj('2026-03-20T15:00') }),
      // F: no time limit, done on 17 → done, never late
      fact({ created: bj('2026-03-10T09:00'), completed: bj('2026-03-17T09:00') }),
      // G: open since before the range, due 03-14 → open overdue every day, never newly overdue in the range
      fact({ created: bj('2026-03-12T09:00'), due: bj('2026-03-14T17:00') }),
      // H: done late on 16 → before the range, counts nowhere
      fact({ created: bj('2026-03-14T09:00'), due: bj('2026-03-15T17:00'), completed: bj('2026-03-16T10:00') }),
    ];

    it('counts by hand per Beijing day: done, done late, newly overdue, open overdue at the end of the day; days not begun are null', () => {
      expect(dailySeries(facts, range, MARCH.now)).to.deep.equal([
        { date: '2026-03-17', done: 1, doneLate: 0, newlyOverdue: 1, openOverdue: 2 },
        { date: '2026-03-18', done: 1, doneLate: 1, newlyOverdue: 0, openOverdue: 1 },
        { date: '2026-03-19', done: 1, doneLate: 0, newlyOverdue: 1, openOverdue: 2 },
        { date: '2026-03-20', done: 1, doneLate: 1, newlyOverdue: 1, openOverdue: 2 },
        { date: '2026-03-21', done: null, doneLate: null, newlyOverdue: null, openOverdue: null },
      ]);
    });

    it('adds up to the totals of the same range: done and done late', () => {
      const w = { start: bj('2026-03-17T00:00'), end: bj('2026-03-21T23:59') + 59_999, now: MARCH.now };
      const days = dailySeries(facts, range, MARCH.now);
      const totals = summarize(facts, w);
      expect(days.reduce((s, d) => s + (d.done ?? 0), 0)).to.equal(totals.done);
      expect(days.reduce((s, d) => s + (d.doneLate ?? 0), 0)).to.equal(totals.overdueDone);
      // and the last day's open overdue is the report's overdue-open figure
      expect(days[3]!.openOverdue).to.equal(totals.overdueOpen);
    });

    it('needs only the facts open at some instant of the range', () => {
      const [start, end] = [bj('2026-03-17T00:00'), bj('2026-03-21T23:59')];
      expect(facts.map((f) => openDuring(f, start, end))).to.deep.equal([true, true, true, true, true, true, true, false]);
    });
  });

  describe('部门归属（候选组）', () => {
    const dir: GroupDirectory = {
      unitLevel: (c) => ({ '139901': 'county', '139901100': 'township', '139901100201': 'village' })[c],
      memberDepartments: (g) => ({ 'unit:139901:clerk': ['civil'], 'role:leader': ['gov'], 'role:coordinator': ['civil'], 'role:handler': ['civil', 'health', 'township'] })[g] ?? [],
    };

    it('maps department, village, township, county-window and role groups', () => {
      expect(departmentOfGroups(['dept:civil'], dir)).to.equal('civil');
      expect(departmentOfGroups(['unit:139901100201:village'], dir)).to.equal('village');
      expect(departmentOfGroups(['unit:139901100:handler'], dir)).to.equal('township');
      expect(departmentOfGroups(['unit:139901100:clerk'], dir)).to.equal('township');
      expect(departmentOfGroups(['unit:139901:clerk'], dir)).to.equal('civil');
      expect(departmentOfGroups(['role:leader'], dir)).to.equal('gov');
      expect(departmentOfGroups(['role:coordinator'], dir)).to.equal('civil');
    });

    it('reads the county-qualified groups (dept:<county>:<code>) as the legacy ones', () => {
      const county: GroupDirectory = { ...dir, memberDepartments: (g) => ({ 'role:139901:leader': ['gov'] })[g] ?? [] };
      expect(departmentOfGroups(['dept:139901:civil'], county)).to.equal('civil');
      expect(departmentOfGroups(['unit:139901100201:village', 'dept:139902:health'], county)).to.equal('health');
      expect(departmentOfGroups(['role:139901:leader'], county)).to.equal('gov');
    });

    it('prefers a department group, and leaves ambiguous or missing groups unassigned', () => {
      expect(departmentOfGroups(['unit:139901100201:village', 'dept:health'], dir)).to.equal('health');
      // two department groups: the same answer whatever the log order
      expect(departmentOfGroups(['dept:health', 'dept:civil'], dir)).to.equal(departmentOfGroups(['dept:civil', 'dept:health'], dir));
      expect(departmentOfGroups(['role:handler'], dir)).to.equal(UNASSIGNED);
      expect(departmentOfGroups([], dir)).to.equal(UNASSIGNED);
    });
  });

  describe('分组与排序', () => {
    const labels: Labels = {
      departments: new Map([
        ['civil', { name: '民政局', order: 0 }],
        ['health', { name: '卫生健康局', order: 2 }],
        ['village', { name: '村民委员会', order: 12 }],
      ]),
      processes: new Map([
        ['social-assistance-application', { name: '社会救助一门受理', order: 0 }],
        ['joint-conference', { name: '联席会议', order: 1 }],
      ]),
      steps: new Map([
        ['social-assistance-application/Task_HomeVisit', { name: '入户调查', order: 3 }],
        ['social-assistance-application/Task_CountyApproval', { name: '民政审核确认', order: 7 }],
      ]),
    };
    const facts = [
      fact({ department: 'village', created: bj('2026-03-02T08:00'), completed: bj('2026-03-02T18:00'), due: bj('2026-03-03T08:00') }), // 10 h on time
      fact({ department: 'village', created: bj('2026-03-03T08:00'), completed: bj('2026-03-04T14:00'), due: bj('2026-03-04T08:00') }), // 30 h late
      fact({ department: 'civil', taskKey: 'Task_CountyApproval', taskName: '民政审核确认', created: bj('2026-03-05T08:00'), completed: bj('2026-03-05T10:00'), due: bj('2026-03-06T08:00') }), // 2 h on time
      fact({ department: 'civil', taskKey: 'Task_CountyApproval', taskName: '民政审核确认', created: bj('2026-03-16T08:00'), due: bj('2026-03-17T08:00') }), // open, overdue
      fact({ department: 'health', processKey: 'joint-conference', taskKey: 'Task_DepartmentOpinion', taskName: '部门意见', created: bj('2026-03-19T08:00') }), // open, no rule
      fact({ department: UNASSIGNED, taskKey: 'Task_Unknown', taskName: '', created: bj('2026-03-10T08:00'), completed: bj('2026-03-10T09:00') }), // 1 h
      fact({ department: 'edu', processKey: 'joint-conference', taskKey: 'Task_DepartmentOpinion', taskName: '部门意见（新）', created: bj('2026-03-19T09:00') }), // open, unknown department
      fact({ department: 'civil', taskKey: 'Task_CountyApproval', created: bj('2026-01-05T08:00'), completed: bj('2026-02-01T08:00') }), // outside: no effect
    ];

    it('rows per department follow the department table, unknown codes and 未归属 last', () => {
      const { byDepartment } = buildRows(facts, MARCH, labels);
      expect(byDepartment.map((d) => [d.departmentCode, d.departmentName])).to.deep.equal([
        ['civil', '民政局'],
        ['health', '卫生健康局'],
        ['village', '村民委员会'],
        ['edu', 'edu'],
        [UNASSIGNED, '未归属'],
      ]);
      expect(byDepartment[0]).to.include({ done: 1, onTime: 1, onTimeRate: 1, overdueOpen: 1, overdue: 1, backlog: 1, backlogOverdue: 1, avgHours: 2, p90Hours: 2 });
      expect(byDepartment[2]).to.include({ done: 2, onTime: 1, onTimeRate: 0.5, overdueDone: 1, avgHours: 20, p90Hours: 30, backlog: 0 });
    });

    it('rows per step follow process and model order, named by the rule or else the latest task', () => {
      const { byStep, totals } = buildRows(facts, MARCH, labels);
      expect(byStep.map((s) => [s.processName, s.taskKey, s.stepName])).to.deep.equal([
        ['社会救助一门受理', 'Task_HomeVisit', '入户调查'],
        ['社会救助一门受理', 'Task_CountyApproval', '民政审核确认'],
        ['社会救助一门受理', 'Task_Unknown', 'Task_Unknown'],
        ['联席会议', 'Task_DepartmentOpinion', '部门意见（新）'],
      ]);
      expect(byStep[3]).to.include({ done: 0, backlog: 2, backlogOverdue: 0 });
      // totals: done 10 h, 30 h, 2 h, 1 h → mean 10.75, p90 rank ⌈3.6⌉ = 4 → 30; on time 2 of 3
      expect(totals).to.include({ done: 4, doneWithDue: 3, onTime: 2, onTimeRate: 0.6667, overdue: 2, avgHours: 10.75, p90Hours: 30, backlog: 3, backlogOverdue: 1 });
    });

    it("always shows a head's own department, even with nothing in it", () => {
      const { byDepartment, byStep, totals } = buildRows([], MARCH, labels, ['housing']);
      expect(byDepartment).to.have.length(1);
      expect(byDepartment[0]).to.include({ departmentCode: 'housing', done: 0, backlog: 0, onTimeRate: null });
      expect(byStep).to.deep.equal([]);
      expect(totals.done).to.equal(0);
    });
  });

  describe('访问范围', () => {
    it('gives leaders and the office their county, a head their department of it, others nothing', () => {
      expect(statisticsScope({ role: 'leader', departmentCode: 'gov', unitCode: '139901' })).to.deep.equal({ departmentCode: null, county: '139901' });
      expect(statisticsScope({ role: 'coordinator', departmentCode: 'civil', unitCode: '139902' })).to.deep.equal({ departmentCode: null, county: '139902' });
      expect(statisticsScope({ role: 'head', departmentCode: 'health', unitCode: '139901' })).to.deep.equal({ departmentCode: 'health', county: '139901' });
      for (const role of ['handler', 'clerk', 'village', 'admin'] as const) {
        expect(() => statisticsScope({ role, departmentCode: 'civil', unitCode: '139901' }))
          .to.throw()
          .with.property('status', 403);
      }
    });
  });

  describe('CSV 导出', () => {
    it('starts with a BOM and Chinese headers, uses CRLF, quotes and defuses cells', () => {
      const m = summarize([fact({ created: bj('2026-03-02T09:00'), due: bj('2026-03-05T23:59'), completed: bj('2026-03-03T09:00') })], MARCH);
      const csv = statisticsCsv({
        byDepartment: [{ departmentCode: 'x', departmentName: '=HYPERLINK("x")', ...m }],
        byStep: [{ processKey: 'p', processName: '社会救助一门受理', taskKey: 'k', stepName: '入户调查, 复核', ...m }],
        totals: m,
      });
      expect(csv.charCodeAt(0)).to.equal(0xfeff);
      const lines = csv.slice(1).split('\r\n');
      expect(lines[0]).to.equal(CSV_HEADERS.join(','));
      expect(lines[0]).to.contain('按时办结率');
      expect(lines[1]).to.equal(`按部门,"'=HYPERLINK(""x"")",,,1,1,1,100.0%,0,0,0,24.00,24.00,0,0`);
      expect(lines[2]).to.equal('按环节,,社会救助一门受理,"入户调查, 复核",1,1,1,100.0%,0,0,0,24.00,24.00,0,0');
      expect(lines[3]).to.equal('合计,,,,1,1,1,100.0%,0,0,0,24.00,24.00,0,0');
      expect(lines[4]).to.equal('');
      expect(lines).to.have.length(5);
    });

    it('writes rates as percentages and unmeasured figures as empty cells', () => {
      expect(percentText(0.6667)).to.equal('66.7%');
      expect(percentText(0)).to.equal('0.0%');
      expect(percentText(null)).to.equal('');
      expect(csvCell(null)).to.equal('');
      expect(csvCell('-1')).to.equal("'-1");
      expect(csvCell(-1, false)).to.equal('-1');
      expect(csvCell('第一行\n第二行')).to.equal('"第一行\n第二行"');
    });
  });
});
