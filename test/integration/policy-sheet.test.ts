import { expect } from 'chai';
import { Browser, loginAs } from '../support/http.js';

describe('明白纸：公众无需登录即可查看，材料、时限与标准取自正在执行的规则，管理员编辑其余内容', function () {
  this.timeout(60_000);

  it('低保明白纸：材料清单、各步骤时限（随管理员修改的时限规则变化）和现行标准', async () => {
    const pub = new Browser();
    const index = (await pub.get('/api/public/policy-sheets')).body;
    expect(index.kinds.map((k: any) => k.name)).to.include.members(['最低生活保障', '特困人员供养', '临时救助', '医疗救助']);
    const sheet = (await pub.get('/api/public/policy-sheets/dibao')).body;
    expect(sheet).to.include({ name: '最低生活保障', countyName: '兜底示范县', hotline: '12345' });
    expect(sheet.documents).to.deep.equal(['社会救助申请书', '家庭成员居民身份证', '户口簿', '家庭收入及财产状况声明', '家庭经济状况核对授权书']);
    expect(sheet.steps.map((s: any) => s.step)).to.include('张榜公示（接受群众监督）');
    expect(sheet.standards.some((s: string) => s.startsWith('农村低保：每人每月'))).to.equal(true);
    const medical = (await pub.get('/api/public/policy-sheets/medical')).body;
    expect(medical.documents).to.include('医疗费用票据及诊断证明');

    // when the admin changes the 入户调查 limit to 4 working days, the sheet says so at once
    const admin = await loginAs('admin');
    const rules = (await admin.get('/api/admin/time-limits')).body.items as any[];
    const visit = rules.find((r) => r.processKey === 'social-assistance-application' && r.taskKey === 'Task_HomeVisit');
    const { id, amount, unit, remindBeforeAmount, remindBeforeUnit, graceAmount, graceUnit } = visit;
    try {
      expect((await admin.request('PUT', `/api/admin/time-limits/${id}`, { amount: 4, unit, remindBeforeAmount, remindBeforeUnit, graceAmount, graceUnit })).status).to.equal(200);
      const after = (await pub.get('/api/public/policy-sheets/dibao')).body;
      expect(after.steps.find((s: any) => s.step === visit.stepName)).to.deep.equal({ step: visit.stepName, limit: '4 个工作日' });
    } finally {
      await admin.request('PUT', `/api/admin/time-limits/${id}`, { amount, unit, remindBeforeAmount, remindBeforeUnit, graceAmount, graceUnit });
    }
  });

  it('管理员编辑临时救助明白纸：保存后公众页面即时更新；不合格的内容、非管理员、不存在的类别被拒绝且什么都不改变', async () => {
    const [admin, civil] = await Promise.all([loginAs('admin'), loginAs('handler_civil')]);
    const pub = new Browser();
    const text = { qualifies: '因火灾、交通事故等意外导致基本生活暂时出现严重困难的家庭', where: '幸福镇人民政府一楼社会救助窗口', objection: '对审批结果有异议的，可向县民政局反映或依法申请行政复议', hotline: '0311-1234567' };
    const before = (await pub.get('/api/public/policy-sheets/temporary')).body;
    expect((await admin.request('PUT', '/api/admin/policy-sheets/temporary', { ...text, hotline: '请拨打热线' })).body.code).to.equal('HOTLINE_INVALID');
    expect((await admin.request('PUT', '/api/admin/policy-sheets/temporary', { ...text, where: '窗口' })).body.code).to.equal('WHERE_INVALID');
    expect((await civil.request('PUT', '/api/admin/policy-sheets/temporary', text)).status).to.equal(403);
    expect((await admin.request('PUT', '/api/admin/policy-sheets/pension', text)).status).to.equal(404);
    expect((await pub.get('/api/public/policy-sheets/temporary')).body).to.deep.equal(before);
    expect((await pub.get('/api/public/policy-sheets/pension')).status).to.equal(404);

    const saved = await admin.request('PUT', '/api/admin/policy-sheets/temporary', text);
    expect(saved.status, JSON.stringify(saved.body)).to.equal(200);
    const now = (await pub.get('/api/public/policy-sheets/temporary')).body;
    expect(now).to.include(text);
    expect(now.standards[0]).to.match(/^\d+ 元以下由乡镇审批/);
    expect(now.documents).to.include('突发事件或意外情况说明');
  });
});
