import { expect } from 'chai';
import { AssistanceStandard, PaymentLine, PayrollRun, Recipient } from '../../domain/entities/money.entity.js';
import { monthOf } from '../../domain/services/payroll.service.js';
import { addMonths } from '../../domain/services/standard.service.js';
import { closedCase, complete, newApplication } from '../support/application.js';
import { thePlatform } from '../support/global-fixture.js';
import { loginAs, waitFor } from '../support/http.js';
import { seedSecondCounty } from '../support/second-county.js';
import { download, givenRecipient, monthAtBank, parseBankCsv, payrollAt, returnCsv, upload } from '../support/payroll.js';

const TOWNSHIP = '139901100';
/** Next month: at most next month may be started, and it is never the month the daily timer starts (payroll.test.ts, which runs before this file: a paid month blocks earlier standards). */
const NEXT = addMonths(monthOf(new Date()), 1);

describe('救助标准与对账规则：特困护理等级、同一户同月重复发放', function () {
  this.timeout(180_000);
  let tekun: Awaited<ReturnType<typeof givenRecipient>>;

  after(async () => {
    const p = thePlatform();
    for (const r of await p.ds.getRepository(PayrollRun).findBy({ month: NEXT })) if (r.status !== 'closed') await p.engine.deleteStartedInstances(r.runNo, 1).catch(() => undefined);
  });

  it('护理等级是救助标准：全护理不低于半护理不低于生活自理；县民政重新评定特困对象的护理等级，月发放金额按执行标准重算并留痕', async () => {
    await seedSecondCounty();
    const [admin, civil, township, civil2] = await Promise.all(['admin', 'handler_civil', 'handler_township', 'handler_civil_c2'].map((u) => loginAs(u)));
    const std = (kind: string, amountYuan: number) => ({ countyCode: '139901', kind, amountYuan, effectiveMonth: NEXT, approvalRef: '示政字〔2026〕61号', approvedBy: '兜底示范县人民政府' });
    const stored = () => thePlatform().ds.getRepository(AssistanceStandard).countBy({ effectiveMonth: NEXT });
    const before = await stored();
    // given the standards in force: 全护理 600, 半护理 300, 生活自理 100 yuan
    // when the admin sets 半护理 above 全护理, or 生活自理 above 半护理: refused, naming both, nothing stored
    for (const [kind, amount, names] of [
      ['tekun_care_partial', 650, ['全护理', '半护理']],
      ['tekun_care_self', 320, ['半护理', '生活自理']],
      ['tekun_care_full', 250, ['全护理', '半护理']],
    ] as const) {
      const r = await admin.post('/api/admin/standards', std(kind, amount));
      expect([r.status, r.body.code], kind).to.deep.equal([400, 'STANDARD_CARE_ORDER']);
      for (const n of names) expect(r.body.message).to.contain(n);
    }
    expect(await stored()).to.equal(before);
    // and a 半护理 of 320 yuan from next month is accepted
    const set = await admin.post('/api/admin/standards', std('tekun_care_partial', 320));
    expect(set.status, JSON.stringify(set.body)).to.equal(201);
    expect(((await civil.get(`/api/standards?month=${NEXT}`)).body.inForce as any[]).find((s) => s.kind === 'tekun_care_partial').amountYuan).to.equal(320);

    // given a 特困 recipient of two people assessed 全护理: (975 + 600) × 2
    tekun = await givenRecipient({ name: '卫演示护', kind: 'tekun', size: 2 });
    const path = `/api/recipients/${tekun.recipient.id}/changes`;
    // bad requests change nothing: an unknown level, no reason, the same level, a 低保 household, the township, another county's civil affairs
    const dibao = await givenRecipient({ name: '卫演示保' });
    for (const [who, url, body, status, code] of [
      [civil, path, { careLevel: 'none', reason: '重新评定护理等级' }, 400, 'BODY_INVALID'],
      [civil, path, { careLevel: 'partial' }, 400, 'BODY_INVALID'],
      [civil, path, { careLevel: 'full', reason: '重新评定护理等级' }, 400, 'RECIPIENT_CARE_UNCHANGED'],
      [civil, `/api/recipients/${dibao.recipient.id}/changes`, { careLevel: 'partial', reason: '重新评定护理等级' }, 400, 'RECIPIENT_NOT_TEKUN'],
      [township, path, { careLevel: 'partial', reason: '乡镇自行评定' }, 403, 'RECIPIENT_CHANGE_FORBIDDEN'],
      [civil2, path, { careLevel: 'partial', reason: '外县民政评定护理等级' }, 404, 'RECIPIENT_NOT_FOUND'],
    ] as const) {
      const r = await who.post(url, body);
      expect([r.status, r.body.code], JSON.stringify(body)).to.deep.equal([status, code]);
    }
    expect(await thePlatform().ds.getRepository(Recipient).findOneByOrFail({ id: tekun.recipient.id })).to.include({ careLevel: 'full', monthlyAmountFen: 315_000 });

    // when county civil affairs re-assesses the recipient as 半护理
    const changed = await civil.post(path, { careLevel: 'partial', reason: '经评估可部分自理，调整为半护理' });
    expect(changed.status, JSON.stringify(changed.body)).to.equal(200);
    // then the register pays (975 + 300) × 2 this month, says how, and the change is recorded with who and why
    const r = (await civil.get(`/api/recipients/${tekun.recipient.id}`)).body;
    expect(r).to.include({ careLevel: 'partial', careLevelName: '半护理', amountYuan: 2550 });
    expect(r.computation).to.contain('半护理').and.contain('300.00').and.contain('975.00');
    expect(r.events.at(-1)).to.include({ kind: 'care_level_changed', fromAmountYuan: 3150, toAmountYuan: 2550 });
    expect(r.events.at(-1).reason).to.contain('全护理 → 半护理').and.contain('部分自理');
    expect(r.events.at(-1).actorName).to.contain('民政');
    const listed = ((await civil.get(`/api/recipients?township=${TOWNSHIP}&pageSize=200`)).body.items as any[]).find((x) => x.id === tekun.recipient.id);
    expect(listed).to.include({ kindName: '特困供养', careLevelName: '半护理', amountYuan: 2550 });
  });

  it('同一户同月两笔临时救助都已到账：对账记为“同一户同月重复发放”并预警；下月名册按新的半护理标准发放特困金', async () => {
    const p = thePlatform();
    const [clerk, township, civil, finance, leader] = await Promise.all(['clerk', 'handler_township', 'handler_civil', 'handler_finance', 'leader'].map((u) => loginAs(u)));
    // given a household granted 临时救助 twice this month (two emergencies, each approved by the township)
    const household = newApplication({ incomeYuan: 0, types: ['temporary'] }).household;
    const first = await clerk.post('/api/cases/temporary', { household, amountYuan: 400, emergency: false, reason: '家中突发火灾，基本生活暂时无法维持' });
    expect(first.status, JSON.stringify(first.body)).to.equal(201);
    await complete(township, first.body.id, 'Task_TownshipApproval', { approved: true, opinion: '情况属实，同意救助 400 元' });
    await closedCase(clerk, first.body.id);
    const householdId = (await p.ds.getRepository(PaymentLine).findOneByOrFail({ caseId: first.body.id })).householdId;
    const second = await clerk.post('/api/cases/temporary', { householdId, amountYuan: 300, emergency: false, reason: '户主突发疾病住院，需临时救助' });
    expect(second.status, JSON.stringify(second.body)).to.equal(201);
    await complete(township, second.body.id, 'Task_TownshipApproval', { approved: true, opinion: '情况属实，同意救助 300 元' });
    await closedCase(clerk, second.body.id);

    // when next month's payroll is paid: both temporary payments go out with the township's bank file
    const run = await monthAtBank(civil, finance, NEXT);
    const rows = parseBankCsv((await download(finance, `/api/payroll/${run.id}/bank-files/${TOWNSHIP}`)).buf.toString('utf8'));
    const temporary = await p.ds.getRepository(PaymentLine).findBy({ householdId, source: 'temporary' });
    expect(temporary.map((l) => l.runId)).to.deep.equal([run.id, run.id]);
    expect(
      rows
        .filter((x) => temporary.some((l) => l.id === x['流水号']))
        .map((x) => x['金额（元）'])
        .sort(),
    ).to.deep.equal(['300.00', '400.00']);
    // and the 特困 recipient is paid at next month's 半护理 standard: (975 + 320) × 2
    const tekunLine = await p.ds.getRepository(PaymentLine).findOneByOrFail({ runId: run.id, recipientId: tekun.recipient.id });
    expect(tekunLine.amountFen).to.equal(259_000);
    // and the bank pays every line
    const imported = await upload(finance, `/api/payroll/${run.id}/returns/${TOWNSHIP}`, Buffer.from(returnCsv(rows), 'utf8'));
    expect(imported.status, JSON.stringify(imported.body)).to.equal(200);
    await payrollAt(civil, run.id, 'closed', 60_000);

    // then reconciliation names both payments of the household as paid twice in the month, and the leader is warned
    const recon = (await civil.get(`/api/payroll/${run.id}/reconciliation`)).body;
    const twice = (recon.anomalies as any[]).filter((a) => a.kind === 'paid_twice');
    expect(twice.map((a) => a.amountYuan).sort()).to.deep.equal([300, 400]);
    expect(twice.every((a) => a.kindName === '同一户同月重复发放' && a.message.includes('临时救助'))).to.equal(true);
    expect(recon.total.balanced).to.equal(true);
    await waitFor('paid-twice alert', async () => ((await leader.get('/api/alerts?pageSize=50')).body.items as any[]).find((x) => x.businessKey === run.runNo && x.message.includes('同一户同月重复发放')));
  });
});
