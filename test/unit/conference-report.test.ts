import type { User } from '../../domain/entities/user.entity.js';
import { expect } from 'chai';
import type { ConferenceItem } from '../../domain/entities/conference-item.entity.js';
import { canViewMatter, composeReport } from '../../domain/services/conference.service.js';

const NAMES: Record<string, string> = { health: '卫生健康局', edu: '教育局', housing: '住房和城乡建设局' };
const name = (code: string) => NAMES[code] ?? code;

function item(seq: number, department: string, deadline: string, completedAt: string, note: string): ConferenceItem {
  return { seq, departmentCode: department, deadline, completedAt: new Date(completedAt), content: `事项${seq}`, completionNote: note, status: 'done' } as ConferenceItem;
}

describe('联席会议 / 通报', () => {
  const matter = { matterNo: 'JC-2026-0007', title: '危房改造联合帮扶', departments: ['health', 'edu', 'housing'], createdAt: new Date('2026-03-01T02:00:00Z') };

  it('lists every agreed item with its department, deadline and whether it was done on time (Beijing calendar days)', () => {
    const report = composeReport(
      matter,
      [
        // done at 23:30 Beijing on the deadline day: on time
        item(1, 'health', '2026-03-10', '2026-03-10T15:30:00Z', '已办结'),
        // done at 00:30 Beijing three days after the deadline: 3 days late
        item(2, 'housing', '2026-03-10', '2026-03-12T16:30:00Z', '已加固'),
      ],
      2,
      name,
    );
    const lines = report.split('\n');
    expect(lines[0]).to.equal('关于“危房改造联合帮扶”议题（JC-2026-0007）办理情况的通报');
    expect(lines[1]).to.equal('2026-03-01，联席会议办公室提出“危房改造联合帮扶”议题。经召集人决定召集联席会议，卫生健康局、教育局、住房和城乡建设局共 3 个部门提出了意见，会议形成议定事项 2 项，现已全部落实：');
    expect(lines[2]).to.equal('1. 事项1（承办部门：卫生健康局；期限 2026-03-10；2026-03-10 按期落实）落实情况：已办结');
    expect(lines[3]).to.equal('2. 事项2（承办部门：住房和城乡建设局；期限 2026-03-10；2026-03-13 逾期 3 天落实）落实情况：已加固');
    expect(lines[4]).to.equal('其中按期落实 1 项，逾期落实 1 项；办理过程中督办 2 次。');
    expect(lines.at(-1)).to.equal('特此通报。');
  });
});

describe('联席会议 / 谁能查看议题', () => {
  const m = { departments: ['health', 'edu'], countyCode: '139901' };
  const at = (role: User['role'], departmentCode: string, unitCode = '139901') => ({ role, departmentCode, unitCode });
  it('coordinators and leaders of the county see every matter of it; department staff only those of their department; nobody else', () => {
    expect(canViewMatter(at('coordinator', 'civil'), m)).to.equal(true);
    expect(canViewMatter(at('leader', 'gov'), m)).to.equal(true);
    expect(canViewMatter(at('handler', 'edu'), m)).to.equal(true);
    expect(canViewMatter(at('head', 'health'), m)).to.equal(true);
    expect(canViewMatter(at('handler', 'finance'), m)).to.equal(false);
    expect(canViewMatter(at('clerk', 'edu'), m)).to.equal(false);
    expect(canViewMatter(at('village', 'village'), m)).to.equal(false);
    expect(canViewMatter(at('admin', 'civil'), m)).to.equal(false);
  });
  it('另一个县的联席办、领导和被征求意见部门都看不到本县议题', () => {
    expect(canViewMatter(at('coordinator', 'civil', '139902'), m)).to.equal(false);
    expect(canViewMatter(at('leader', 'gov', '139902'), m)).to.equal(false);
    expect(canViewMatter(at('head', 'health', '139902'), m)).to.equal(false);
    expect(canViewMatter(at('handler', 'edu', '139902100'), m)).to.equal(false);
  });
});
