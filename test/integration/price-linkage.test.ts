import { expect } from 'chai';
import { PaymentLine } from '../../domain/entities/money.entity.js';
import { Recipient } from '../../domain/entities/money.entity.js';
import { makeIdNumber } from '../../domain/idcard.js';
import { figureNoOf } from '../../domain/services/price.service.js';
import { thePlatform } from '../support/global-fixture.js';
import { Browser, loginAs, waitFor } from '../support/http.js';
import { seedSecondCounty } from '../support/second-county.js';
import { download, givenRecipient, monthAtBank, parseBankCsv, payrollAt, returnCsv, upload } from '../support/payroll.js';

const TOWNSHIP = '139901100';
const figure = (month: string, cpiYoy: number, foodYoy: number, extra: Record<string, unknown> = {}) => ({ month, cpiYoy, foodYoy, source: `市统计局 ${month} 居民消费价格指数`, ...extra });

/** The month's versions as the 物价联动 page lists them, once each has its decision. */
async function decided(b: Browser, month: string, versions: number): Promise<any[]> {
  return waitFor(`decision of ${month} v${versions}`, async () => {
    const rows = ((await b.get('/api/price')).body.figures as any[]).filter((f) => f.month === month);
    return rows.length === versions && rows.every((f) => f.outcome) ? rows : undefined;
  });
}

/** The user's open task of the price-linkage process for a subsidy (waits for it). */
async function priceTask(b: Browser, taskKey: string): Promise<{ taskId: string; subsidyId: string }> {
  return waitFor(`${taskKey}`, async () => ((await b.get('/api/price')).body.tasks as any[]).find((t) => t.taskKey === taskKey));
}

const subsidyLines = (month: string) => thePlatform().ds.getRepository(PaymentLine).findBy({ source: 'price_subsidy', month });

describe('物价联动：发改录入价格数据 → 决策表判断 → 民政核算价格临时补贴 → 财政审核 → 随月度发放支付并公示', function () {
  this.timeout(180_000);

  before(async () => {
    // the county's thresholds and amount as the national defaults (another file may have changed them)
    const admin = await loginAs('admin');
    const set = await admin.request('PUT', '/api/price/settings', { cpiThreshold: 3.5, foodThreshold: 6, amountYuanPerPerson: 30, kinds: ['dibao_urban', 'dibao_rural', 'tekun'] });
    expect(set.status, JSON.stringify(set.body)).to.equal(200);
  });

  it('CPI 同比 3.6% 达到启动条件：每个在保对象按人数发放一次补贴，财政注明资金来源后同意，随下次月度发放到账并由乡镇财政所公示', async () => {
    const [ndrc, civil, finance, townFinance] = await Promise.all(['handler_ndrc', 'handler_civil', 'handler_finance', 'finance_town'].map((u) => loginAs(u)));
    // given three households in the register (2 + 1 + 1 persons) and one whose assistance is suspended
    const a = await givenRecipient({ name: '褚物价甲', size: 2 });
    const b = await givenRecipient({ name: '褚物价乙', size: 1 });
    const c = await givenRecipient({ name: '褚物价丙', kind: 'tekun' });
    const suspended = await givenRecipient({ name: '褚物价停', size: 3 });
    await thePlatform().ds.getRepository(Recipient).update({ id: suspended.recipient.id }, { status: 'suspended' });

    // when 发改 enters November: CPI 3.6 %, food 2.0 %
    const entered = await ndrc.post('/api/price/figures', figure('2026-11', 3.6, 2.0));
    expect(entered.status, JSON.stringify(entered.body)).to.equal(201);
    expect(entered.body).to.include({ month: '2026-11', version: 1 });

    // then the decision is kept with its inputs and the thresholds, and 民政 gets the computation
    const [nov] = await decided(ndrc, '2026-11', 1);
    expect(nov).to.include({ cpiYoy: 3.6, foodYoy: 2, cpiThreshold: 3.5, foodThreshold: 6, triggered: true, outcome: 'opened', reason: '居民消费价格指数单月同比涨幅达到启动条件' });
    const compute = await priceTask(civil, 'Task_PriceSubsidyCompute');
    const sub = (await civil.get(`/api/price/subsidies/${compute.subsidyId}`)).body;
    expect(sub).to.include({ month: '2026-11', status: 'computing' });
    expect(sub.register.find((k: any) => k.kind === 'dibao_rural').households).to.be.at.least(2);
    // and 发改 has no task of its own here; 财政 cannot do 民政's computation
    expect((await ndrc.get('/api/price')).body.tasks as any[]).to.deep.equal([]);
    expect((await finance.post(`/api/price/subsidies/${compute.subsidyId}/tasks/${compute.taskId}/complete`, { amountYuanPerPerson: 30, kinds: ['dibao_rural'], opinion: '按标准核算' })).status).to.equal(403);

    // when 民政 computes 30 yuan per person per month for every kind in the register
    const computed = await civil.post(`/api/price/subsidies/${compute.subsidyId}/tasks/${compute.taskId}/complete`, { amountYuanPerPerson: 30, kinds: ['dibao_urban', 'dibao_rural', 'tekun'], opinion: '按县物价联动参数核算' });
    expect(computed.status, JSON.stringify(computed.body)).to.equal(200);
    const registered = await thePlatform().ds.query(
      `SELECT count(DISTINCT r.household_id)::int AS h, sum(r.household_size)::int AS p FROM recipient r JOIN unit t ON t.code = r.township_code WHERE t.parent_code = '139901' AND r.status = 'active' AND r.start_month <= '2026-11'`,
    );
    expect(computed.body).to.include({ households: registered[0].h, persons: registered[0].p, totalYuan: registered[0].p * 30 });
    expect(computed.body.formula).to.contain(`${registered[0].h} 户 ${registered[0].p} 人 × 每人每月 30.00 元`);

    // then 财政 reviews; approving without saying where the money comes from is refused and changes nothing
    const review = await priceTask(finance, 'Task_PriceSubsidyFinance');
    const noFunds = await finance.post(`/api/price/subsidies/${review.subsidyId}/tasks/${review.taskId}/complete`, { approved: true, opinion: '同意' });
    expect(noFunds.status).to.equal(400);
    expect(noFunds.body.code).to.equal('FUNDS_REF_REQUIRED');
    expect((await finance.get(`/api/price/subsidies/${review.subsidyId}`)).body.status).to.equal('finance_review');
    expect((await civil.post(`/api/price/subsidies/${review.subsidyId}/tasks/${review.taskId}/complete`, { approved: true, opinion: '同意', fundsRef: '示财社〔2026〕9号' })).status).to.equal(403);
    const approved = await finance.post(`/api/price/subsidies/${review.subsidyId}/tasks/${review.taskId}/complete`, { approved: true, opinion: '资金已落实', fundsRef: '示财社〔2026〕9号' });
    expect(approved.status, JSON.stringify(approved.body)).to.equal(200);

    // then every 在保 household gets one line: size × 30 yuan; the suspended household none
    const lines = await waitFor('subsidy lines', async () => {
      const s = (await civil.get(`/api/price/subsidies/${review.subsidyId}`)).body;
      return s.status === 'instructed' ? subsidyLines('2026-11') : undefined;
    });
    expect(lines).to.have.length(registered[0].h);
    const of = (h: { household: { id: string } }) => lines.filter((l) => l.householdId === h.household.id).map((l) => l.amountFen);
    expect(of(a)).to.deep.equal([6000]);
    expect(of(b)).to.deep.equal([3000]);
    expect(of(c)).to.deep.equal([3000]);
    expect(of(suspended)).to.deep.equal([]);

    // when the December payroll runs, the subsidy goes to the bank with it, marked as such
    const run = await monthAtBank(civil, finance, '2026-12');
    const rows = parseBankCsv((await download(finance, `/api/payroll/${run.id}/bank-files/${TOWNSHIP}`)).buf.toString('utf8'));
    const subsidyRows = rows.filter((r) => r['救助类别'] === '价格临时补贴');
    expect(subsidyRows.find((r) => r['户编号'] === a.household.householdNo)).to.include({ '金额（元）': '60.00', 发放月份: '2026-11', 备注: '价格临时补贴 2026-11' });
    expect(subsidyRows).to.have.length(lines.length);
    const returned = await upload(finance, `/api/payroll/${run.id}/returns/${TOWNSHIP}`, Buffer.from(returnCsv(rows), 'utf8'));
    expect(returned.status, JSON.stringify(returned.body)).to.equal(200);
    await payrollAt(civil, run.id, 'closed');
    expect((await townFinance.post(`/api/payroll/${run.id}/townships/${TOWNSHIP}/publish`)).status).to.equal(200);
    // then the public 发放结果公示 lists it as 价格临时补贴 for November
    const notice = (await new Browser().get(`/api/public/payment-results/${run.runNo}/${TOWNSHIP}?pageSize=200`)).body;
    expect(notice.items).to.deep.include({ name: '褚**甲', village: '和平村', kindName: '价格临时补贴', amountYuan: 60, month: '2026-11' });
    // and the page shows the month's subsidy as paid
    const page = (await civil.get('/api/price')).body.subsidies.find((s: any) => s.month === '2026-11');
    expect(page).to.include({ status: 'instructed', fundsRef: '示财社〔2026〕9号', lines: lines.length, paid: lines.length });
  });

  it('更正已发放月份的价格数据：重新判断并留存新版本，但同一月份不重复发放', async () => {
    const [ndrc, civil] = await Promise.all(['handler_ndrc', 'handler_civil'].map((u) => loginAs(u)));
    const before = (await subsidyLines('2026-11')).length;
    // when November is entered again without a reason: refused, nothing stored
    const twice = await ndrc.post('/api/price/figures', figure('2026-11', 4.1, 2.0));
    expect(twice.status).to.equal(409);
    expect(twice.body.code).to.equal('PRICE_MONTH_EXISTS');
    // when 发改 corrects it with a reason
    const corrected = await ndrc.post('/api/price/figures', figure('2026-11', 4.1, 2.0, { correctionReason: '统计局发布修订数据' }));
    expect(corrected.status, JSON.stringify(corrected.body)).to.equal(201);
    expect(corrected.body.version).to.equal(2);
    // then both versions are kept, the new one decided again: triggered, but the month is already paid
    const [v2, v1] = await decided(ndrc, '2026-11', 2);
    expect(v1).to.include({ version: 1, cpiYoy: 3.6, outcome: 'opened' });
    expect(v2).to.include({ version: 2, cpiYoy: 4.1, correctionReason: '统计局发布修订数据', triggered: true, outcome: 'already' });
    // and nobody is paid twice, no new task opens
    expect((await subsidyLines('2026-11')).length).to.equal(before);
    expect((await civil.get('/api/price')).body.tasks as any[]).to.deep.equal([]);
  });

  it('CPI 2.1%、食品 3.0% 低于启动条件：决定连同输入留存，不发放；更正后达到启动条件则启动', async () => {
    const [ndrc, civil] = await Promise.all(['handler_ndrc', 'handler_civil'].map((u) => loginAs(u)));
    expect((await ndrc.post('/api/price/figures', figure('2026-12', 2.1, 3.0))).status).to.equal(201);
    const [dec] = await decided(ndrc, '2026-12', 1);
    expect(dec).to.include({ cpiYoy: 2.1, foodYoy: 3, triggered: false, outcome: 'below', reason: '居民消费价格指数和食品价格涨幅均低于启动条件' });
    expect((await civil.get('/api/price')).body.subsidies.find((s: any) => s.month === '2026-12')).to.equal(undefined);
    expect(await subsidyLines('2026-12')).to.deep.equal([]);
    // when the food figure is corrected to 6.2 %: the mechanism starts for December
    expect((await ndrc.post('/api/price/figures', figure('2026-12', 2.1, 6.2, { correctionReason: '食品分类指数更正' }))).status).to.equal(201);
    const [v2] = await decided(ndrc, '2026-12', 2);
    expect(v2).to.include({ triggered: true, outcome: 'opened', reason: '食品价格单月同比涨幅达到启动条件' });
    const task = await priceTask(civil, 'Task_PriceSubsidyCompute');
    expect((await civil.get(`/api/price/subsidies/${task.subsidyId}`)).body.month).to.equal('2026-12');
    // (the task is left open; the instance is removed so its time-limit alerts do not reach later files)
    const [f] = await thePlatform().ds.query(`SELECT figure_no FROM price_figure WHERE month = '2026-12' AND version = 2`);
    await thePlatform().engine.deleteStartedInstances(f.figure_no, 1);
  });

  it('已启动但尚未经财政批准的补贴：更正后的价格数据未达启动条件，补贴撤销、流程结束、分文不发；再次更正达到条件则重新启动', async () => {
    const p = thePlatform();
    const [ndrc, civil, finance] = await Promise.all(['handler_ndrc', 'handler_civil', 'handler_finance'].map((u) => loginAs(u)));
    await givenRecipient({ name: '褚物价撤' });
    // given September entered at CPI 3.8 % and computed by 民政, waiting for 财政
    expect((await ndrc.post('/api/price/figures', figure('2026-09', 3.8, 2.0))).status).to.equal(201);
    expect((await decided(ndrc, '2026-09', 1))[0]).to.include({ outcome: 'opened' });
    const compute = await priceTask(civil, 'Task_PriceSubsidyCompute');
    expect((await civil.post(`/api/price/subsidies/${compute.subsidyId}/tasks/${compute.taskId}/complete`, { amountYuanPerPerson: 30, kinds: ['dibao_rural'], opinion: '按县参数核算' })).status).to.equal(200);
    const review = await priceTask(finance, 'Task_PriceSubsidyFinance');
    expect(review.subsidyId).to.equal(compute.subsidyId);
    const [v1row] = await p.ds.query(`SELECT process_instance_id AS pi FROM price_figure WHERE county_code = '139901' AND month = '2026-09' AND version = 1`);

    // when 发改 corrects September to CPI 2.0 %, food 1.0 %
    expect((await ndrc.post('/api/price/figures', figure('2026-09', 2.0, 1.0, { correctionReason: '统计局发布修订数据，涨幅下调' }))).status).to.equal(201);

    // then the new version is decided below the trigger and withdraws the subsidy, with the reason
    const [v2] = await decided(ndrc, '2026-09', 2);
    expect(v2).to.include({ version: 2, triggered: false, outcome: 'withdrawn', outcomeName: '更正后未达启动条件，撤销尚未批准的补贴' });
    const sub = (await finance.get(`/api/price/subsidies/${compute.subsidyId}`)).body;
    expect(sub).to.include({ status: 'withdrawn', statusName: '已撤销' });
    expect(sub.withdrawReason).to.contain('低于启动条件');
    // and the first version's instance ended through its withdrawal, its timers gone; 财政 has nothing left to approve
    await waitFor("the first version's instance ended", async () => ((await p.engine.instancesByBusinessKey(figureNoOf('139901', '2026-09', 1))).length === 0 ? true : undefined));
    expect((await p.engine.historicActivities(v1row.pi)).map((a) => a.activityId)).to.include('End_Withdrawn');
    expect(((await finance.get('/api/price')).body.tasks as any[]).filter((t) => t.subsidyId === compute.subsidyId)).to.deep.equal([]);
    // and the old task cannot be completed any more: nothing is paid for September
    const late = await finance.post(`/api/price/subsidies/${review.subsidyId}/tasks/${review.taskId}/complete`, { approved: true, opinion: '同意', fundsRef: '示财社〔2026〕11号' });
    expect(late.status).to.be.within(400, 499);
    expect(await subsidyLines('2026-09')).to.deep.equal([]);

    // when the figure is corrected once more, to CPI 3.7 %: the month opens again, as a new subsidy
    expect((await ndrc.post('/api/price/figures', figure('2026-09', 3.7, 1.0, { correctionReason: '统计局再次修订' }))).status).to.equal(201);
    const [v3] = await decided(ndrc, '2026-09', 3);
    expect(v3).to.include({ triggered: true, outcome: 'opened' });
    const again = await priceTask(civil, 'Task_PriceSubsidyCompute');
    expect(again.subsidyId).to.not.equal(compute.subsidyId);
    const months = ((await civil.get('/api/price')).body.subsidies as any[]).filter((s) => s.month === '2026-09').map((s) => s.status);
    expect(months.sort()).to.deep.equal(['computing', 'withdrawn']);
    // (left open; the instance is removed so its time-limit alerts do not reach later files)
    await p.engine.deleteStartedInstances(figureNoOf('139901', '2026-09', 3), 1);
  });

  it('已经财政批准发放的月份更正为未达启动条件：决定留存“不追回”，已发的钱和发放行不变', async () => {
    const ndrc = await loginAs('handler_ndrc');
    const before = (await subsidyLines('2026-11')).length;
    expect(before).to.be.greaterThan(0);
    const [{ v }] = await thePlatform().ds.query(`SELECT max(version)::int AS v FROM price_figure WHERE county_code = '139901' AND month = '2026-11'`);
    expect((await ndrc.post('/api/price/figures', figure('2026-11', 2.0, 1.0, { correctionReason: '统计局发布修订数据，涨幅下调' }))).status).to.equal(201);
    const [latest] = await decided(ndrc, '2026-11', v + 1);
    expect(latest).to.include({ triggered: false, outcome: 'below_approved' });
    expect((await subsidyLines('2026-11')).length).to.equal(before);
    const nov = ((await ndrc.get('/api/price')).body.subsidies as any[]).find((s) => s.month === '2026-11');
    expect(nov.status).to.equal('instructed');
  });

  it('本县设置的其他保障群体（孤儿、优抚对象）：民政列入名单，补贴按名单人数发放，已在保的家庭只发一次，已退出的不发；越权和错误输入被拒绝且不改变数据', async () => {
    const p = thePlatform();
    await seedSecondCounty();
    const [admin, ndrc, civil, finance, civil2] = await Promise.all(['admin', 'handler_ndrc', 'handler_civil', 'handler_finance', 'handler_civil_c2'].map((u) => loginAs(u)));
    const settings = (extra: Record<string, unknown>) => ({ cpiThreshold: 3.5, foodThreshold: 6, amountYuanPerPerson: 30, kinds: ['dibao_urban', 'dibao_rural', 'tekun'], ...extra });
    // given the county includes two groups besides the register
    const set = await admin.request(
      'PUT',
      '/api/price/settings',
      settings({
        groups: [
          { code: 'orphan', name: '孤儿' },
          { code: 'entitled', name: '优抚对象' },
        ],
      }),
    );
    expect(set.status, JSON.stringify(set.body)).to.equal(200);
    expect(set.body.groups).to.deep.equal([
      { code: 'orphan', name: '孤儿' },
      { code: 'entitled', name: '优抚对象' },
    ]);

    // when 民政 lists an orphan not yet in any household (a household of their own is registered),
    const orphanId = makeIdNumber('139901', '20150301', '771');
    const orphan = await civil.post('/api/price/groups/members', {
      groupCode: 'orphan',
      name: '褚孤儿',
      idNumber: orphanId,
      villageCode: '139901100201',
      persons: 1,
      fromMonth: '2026-01',
      bankCardNo: '6217000000007711',
      address: '和平村演示街 12 号',
    });
    expect(orphan.status, JSON.stringify(orphan.body)).to.equal(201);
    expect(orphan.body).to.include({ newHousehold: true });
    // an 优抚对象 who already lives in a 低保 household of the register (that household, not a new one),
    const dibao = await givenRecipient({ name: '褚物价优', size: 3 });
    const entitled = await civil.post('/api/price/groups/members', { groupCode: 'entitled', name: '褚物价优', idNumber: dibao.household.headIdNumber, villageCode: '139901100201', persons: 1, fromMonth: '2026-01' });
    expect(entitled.status, JSON.stringify(entitled.body)).to.equal(201);
    expect(entitled.body).to.include({ newHousehold: false, householdId: dibao.household.id });
    // and an 优抚对象 who left the roster in July
    const leftId = makeIdNumber('139901', '19500101', '772');
    const left = await civil.post('/api/price/groups/members', {
      groupCode: 'entitled',
      name: '褚已退出',
      idNumber: leftId,
      villageCode: '139901100201',
      persons: 2,
      fromMonth: '2026-01',
      bankCardNo: '6217000000007721',
      address: '和平村演示街 13 号',
    });
    expect(left.status).to.equal(201);
    expect((await civil.post(`/api/price/groups/members/${left.body.id}/end`, { toMonth: '2026-07', reason: '迁出本县' })).status).to.equal(200);

    // then refused, each changing nothing: the same household again, 财政, a group the county has not set,
    // a village of another county, a new person without a bank card, another county's 民政, dropping a group in use
    const members = async () => (await p.ds.query(`SELECT count(*)::int AS n FROM price_group_member`))[0].n as number;
    const households = async () => (await p.ds.query(`SELECT count(*)::int AS n FROM household`))[0].n as number;
    const [m0, h0] = [await members(), await households()];
    const refused = async (b: Browser, path: string, body: unknown, status: number, code: string) => {
      const r = await b.post(path, body);
      expect(r.status, `${code}: ${JSON.stringify(r.body)}`).to.equal(status);
      expect(r.body.code).to.equal(code);
      expect(r.body.message).to.match(/[\u4e00-\u9fa5]/);
    };
    const base = { groupCode: 'orphan', name: '褚孤儿二', idNumber: makeIdNumber('139901', '20160101', '773'), villageCode: '139901100201', persons: 1, fromMonth: '2026-01', bankCardNo: '6217000000007731', address: '和平村演示街 14 号' };
    await refused(civil, '/api/price/groups/members', { ...base, idNumber: orphanId }, 409, 'PRICE_GROUP_MEMBER_EXISTS');
    await refused(finance, '/api/price/groups/members', base, 403, 'PRICE_GROUP_FORBIDDEN');
    await refused(civil, '/api/price/groups/members', { ...base, groupCode: 'unemployed' }, 400, 'PRICE_GROUP_UNKNOWN');
    await refused(civil, '/api/price/groups/members', { ...base, villageCode: '139902100201' }, 400, 'PRICE_GROUP_VILLAGE_OUTSIDE');
    await refused(civil, '/api/price/groups/members', { ...base, bankCardNo: undefined }, 400, 'BANK_CARD_REQUIRED');
    const admin2 = await loginAs('admin_c2');
    expect((await admin2.request('PUT', '/api/price/settings', settings({ groups: [{ code: 'orphan', name: '孤儿' }] }))).status).to.equal(200);
    await refused(civil2, '/api/price/groups/members', { ...base, villageCode: '139902100201', idNumber: orphanId }, 409, 'PRICE_GROUP_MEMBER_OTHER_COUNTY');
    expect((await admin2.request('PUT', '/api/price/settings', settings({ groups: [] }))).status).to.equal(200);
    await refused(civil, `/api/price/groups/members/${orphan.body.id}/end`, { toMonth: '2025-12', reason: '测试' }, 400, 'PRICE_GROUP_END_BEFORE_START');
    await refused(civil2, `/api/price/groups/members/${orphan.body.id}/end`, { toMonth: '2026-12', reason: '测试' }, 404, 'PRICE_GROUP_MEMBER_NOT_FOUND');
    const drop = await admin.request('PUT', '/api/price/settings', settings({ groups: [{ code: 'entitled', name: '优抚对象' }] }));
    expect(drop.status).to.equal(409);
    expect(drop.body.code).to.equal('PRICE_GROUP_IN_USE');
    expect([await members(), await households()]).to.deep.equal([m0, h0]);
    expect((await admin.get('/api/price')).body.settings.groups).to.have.length(2);
    // (and the other county's 民政 does not see this county's roster)
    expect(((await civil2.get('/api/price/groups')).body.members as any[]).some((m) => m.id === orphan.body.id)).to.equal(false);
    const roster = (await finance.get('/api/price/groups')).body;
    expect(roster.mayEdit).to.equal(false);
    expect(roster.members.find((m: any) => m.id === orphan.body.id)).to.include({ groupName: '孤儿', persons: 1, active: true, headName: '褚**' });

    // when August is over the trigger and 民政 computes it for the register and both groups
    expect((await ndrc.post('/api/price/figures', figure('2026-08', 3.9, 2.0))).status).to.equal(201);
    expect((await decided(ndrc, '2026-08', 1))[0]).to.include({ outcome: 'opened' });
    const compute = await priceTask(civil, 'Task_PriceSubsidyCompute');
    const sub = (await civil.get(`/api/price/subsidies/${compute.subsidyId}`)).body;
    expect(sub.register.find((k: any) => k.kind === 'orphan')).to.include({ kindName: '孤儿', group: true });
    const unknownGroup = await civil.post(`/api/price/subsidies/${compute.subsidyId}/tasks/${compute.taskId}/complete`, { amountYuanPerPerson: 30, kinds: ['dibao_rural'], groups: ['unemployed'], opinion: '核算' });
    expect(unknownGroup.status).to.equal(400);
    expect(unknownGroup.body.code).to.equal('PRICE_GROUP_UNKNOWN');
    const computed = await civil.post(`/api/price/subsidies/${compute.subsidyId}/tasks/${compute.taskId}/complete`, {
      amountYuanPerPerson: 30,
      kinds: ['dibao_urban', 'dibao_rural', 'tekun'],
      groups: ['orphan', 'entitled'],
      opinion: '含孤儿、优抚对象',
    });
    expect(computed.status, JSON.stringify(computed.body)).to.equal(200);
    expect(computed.body.formula).to.contain('孤儿（不含已在保的）').and.to.contain('优抚对象（不含已在保的）');
    const review = await priceTask(finance, 'Task_PriceSubsidyFinance');
    expect((await finance.post(`/api/price/subsidies/${review.subsidyId}/tasks/${review.taskId}/complete`, { approved: true, opinion: '资金已落实', fundsRef: '示财社〔2026〕8号' })).status).to.equal(200);

    // then the orphan is paid for one person, the 低保 household once for its three (not again as 优抚对象), the one who left nothing
    const lines = await waitFor('August subsidy lines', async () => ((await civil.get(`/api/price/subsidies/${review.subsidyId}`)).body.status === 'instructed' ? subsidyLines('2026-08') : undefined));
    const of = (householdId: string) => lines.filter((l) => l.householdId === householdId).map((l) => l.amountFen);
    expect(of(orphan.body.householdId)).to.deep.equal([3000]);
    expect(of(dibao.household.id)).to.deep.equal([9000]);
    const [leftHousehold] = await p.ds.query(`SELECT household_id FROM price_group_member WHERE id = $1`, [left.body.id]);
    expect(of(leftHousehold.household_id)).to.deep.equal([]);
    expect(computed.body.totalYuan).to.equal(lines.reduce((n, l) => n + l.amountFen, 0) / 100);

    // (the roster is ended and the groups removed again; August's lines are removed so later files' payrolls do not send them)
    for (const id of [orphan.body.id, entitled.body.id]) expect((await civil.post(`/api/price/groups/members/${id}/end`, { toMonth: '2026-08', reason: '测试结束' })).status).to.equal(200);
    expect((await admin.request('PUT', '/api/price/settings', settings({ groups: [] }))).status).to.equal(200);
    await p.ds.query(`DELETE FROM payment_line WHERE source = 'price_subsidy' AND month = '2026-08'`);
  });

  it('不合理的输入被拒绝且什么都不改变：涨幅 300%、未来月份、缺来源、无可更正、非发改录入、邻县账号', async () => {
    const [ndrc, civil] = await Promise.all(['handler_ndrc', 'handler_civil'].map((u) => loginAs(u)));
    const count = async () => (await thePlatform().ds.query(`SELECT count(*)::int AS n FROM price_figure`))[0].n as number;
    const n = await count();
    const refused = async (b: Browser, body: unknown, status: number, code: string) => {
      const r = await b.post('/api/price/figures', body);
      expect(r.status, JSON.stringify(r.body)).to.equal(status);
      expect(r.body.code).to.equal(code);
      expect(r.body.message).to.match(/[\u4e00-\u9fa5]/u);
    };
    await refused(ndrc, figure('2026-07', 300, 2), 400, 'CPI_YOY_INVALID');
    await refused(ndrc, figure('2026-07', 2, -45), 400, 'FOOD_YOY_INVALID');
    await refused(ndrc, figure('2026-07', 2.123, 2), 400, 'CPI_YOY_INVALID');
    await refused(ndrc, figure('2099-01', 2, 2), 400, 'MONTH_IN_FUTURE');
    await refused(ndrc, { month: '2026-07', cpiYoy: 2, foodYoy: 2 }, 400, 'SOURCE_INVALID');
    await refused(ndrc, figure('2026-07', 2, 2, { correctionReason: '数据有误需更正' }), 400, 'PRICE_NOTHING_TO_CORRECT');
    await refused(civil, figure('2026-07', 2, 2), 403, 'PRICE_ENTRY_FORBIDDEN');
    expect(await count()).to.equal(n);
    // a village worker does not see the county's figures at all
    expect((await (await loginAs('village_heping')).get('/api/price')).status).to.equal(403);
    // thresholds are the admin's; a 民政 handler cannot change them
    expect((await civil.request('PUT', '/api/price/settings', { cpiThreshold: 1, foodThreshold: 1, amountYuanPerPerson: 30, kinds: ['tekun'] })).status).to.equal(403);

    // 民政 of another county sees only its own county and cannot reach this county's subsidy
    await seedSecondCounty();
    const other = await loginAs('handler_civil_c2');
    const page = (await other.get('/api/price')).body;
    expect(page.countyCode).to.equal('139902');
    expect(page.figures).to.deep.equal([]);
    const mine = (await civil.get('/api/price')).body.subsidies[0];
    expect((await other.get(`/api/price/subsidies/${mine.id}`)).status).to.equal(404);
  });
});
