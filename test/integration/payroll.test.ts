import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { PaymentLine, PayrollRun, PayrollTownship, Recipient, RecipientEvent } from '../../domain/entities/money.entity.js';
import { PROCESS } from '../../domain/engine/contract.js';
import { thePlatform } from '../support/global-fixture.js';
import { Browser, loginAs, waitFor } from '../support/http.js';
import { download, gbk, givenRecipient, monthAtBank, parseBankCsv, payrollAt, payrollTask, removePayrollMonth, returnCsv, upload } from '../support/payroll.js';

const TOWNSHIP = '139901100';

describe('月度资金发放：名册 → 民政审核 → 财政审核拨付 → 代发 → 回盘 → 对账 → 公示', function () {
  this.timeout(120_000);

  // The months left open (at a review step) would raise their time-limit alerts during later test files: end them.
  after(async () => {
    const p = thePlatform();
    for (const r of await p.ds.getRepository(PayrollRun).find()) if (r.status !== 'closed') await p.engine.deleteStartedInstances(r.runNo, 1).catch(() => undefined);
  });

  it('一个月从启动到结束：按执行标准生成名册，到账与失败逐笔回盘，失败交乡镇处理，对账平衡，乡镇财政所公示', async () => {
    const [civil, finance, township, townFinance, leader] = await Promise.all(['handler_civil', 'handler_finance', 'handler_township', 'finance_town', 'leader'].map((u) => loginAs(u)));
    // given three households in the register: 低保 of two with 150 yuan per-capita income, 低保 of one, 特困 (全护理)
    const a = await givenRecipient({ name: '褚演示甲', size: 2, perCapitaYuan: 150 });
    const b = await givenRecipient({ name: '褚演示乙', size: 1, perCapitaYuan: 0 });
    const c = await givenRecipient({ name: '褚演示丙', kind: 'tekun' });

    // when civil affairs starts May and both reviews approve
    const run = await monthAtBank(civil, finance, '2026-05');
    // then the bank file of the township pays each at the standards in force: (600 − 150) × 2 = 900, 600, 975 + 600
    const file = await download(finance, `/api/payroll/${run.id}/bank-files/${TOWNSHIP}?format=csv`);
    expect(file.status).to.equal(200);
    const rows = parseBankCsv(file.buf.toString('utf8'));
    const byHousehold = (no: string) => rows.find((r) => r['户编号'] === no)!;
    expect(byHousehold(a.household.householdNo)['金额（元）']).to.equal('900.00');
    expect(byHousehold(b.household.householdNo)['金额（元）']).to.equal('600.00');
    expect(byHousehold(c.household.householdNo)['金额（元）']).to.equal('1575.00');
    expect(byHousehold(a.household.householdNo)).to.include({ 户主姓名: '褚演示甲', 银行卡号: a.household.bankCardNo!, 身份证号: a.household.headIdNumber, 救助类别: '农村低保', 乡镇: '幸福镇', 村: '和平村', 发放月份: '2026-05' });
    // and the same file as a workbook
    const x = await download(finance, `/api/payroll/${run.id}/bank-files/${TOWNSHIP}?format=xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.buf as any);
    expect(wb.getWorksheet('代发文件')!.rowCount).to.equal(rows.length + 1);
    // and each export is in the audit log (the file holds clear ID and card numbers)
    const audited = await thePlatform().ds.query(`SELECT count(*)::int AS n FROM audit_entry WHERE target = $1 AND detail LIKE '%bankFile%'`, [`${run.runNo}/${TOWNSHIP}`]);
    expect(audited[0].n).to.equal(2);
    // and the township's own handler may not take the bank file (its ID and card numbers)
    expect((await township.get(`/api/payroll/${run.id}/bank-files/${TOWNSHIP}`)).status).to.equal(403);

    // when the bank returns the file in GBK, b's card refused
    const failedLine = byHousehold(b.household.householdNo)['流水号']!;
    const imported = await upload(finance, `/api/payroll/${run.id}/returns/${TOWNSHIP}`, gbk(returnCsv(rows, { [failedLine]: '账户已销户' })));
    expect(imported.status, JSON.stringify(imported.body)).to.equal(200);
    expect(imported.body).to.include({ paid: rows.length - 1, failed: 1 });

    // then the township gets the failed line to handle; it corrects the card for a re-issue next month
    const fixTask = await payrollTask(township, run.id, 'Task_HandleFailures');
    const detail = (await township.get(`/api/payroll/${run.id}`)).body;
    expect(detail.failed.map((f: any) => [f.householdNo, f.failReason])).to.deep.equal([[b.household.householdNo, '账户已销户']]);
    const refused = await township.post(`/api/payroll/${run.id}/tasks/${fixTask}/complete`, { items: [] });
    expect(refused.status).to.equal(400);
    const fixed = await township.post(`/api/payroll/${run.id}/tasks/${fixTask}/complete`, { items: [{ lineId: failedLine, resolution: 'reissue', note: '户主已到银行换卡，下月补发', newCardNo: '6217000099990001' }] });
    expect(fixed.status, JSON.stringify(fixed.body)).to.equal(200);
    await payrollAt(civil, run.id, 'closed');

    // and the reconciliation adds up: instructed = paid + failed, failed = re-issued, in count and amount
    const recon = (await leader.get(`/api/payroll/${run.id}/reconciliation`)).body;
    const lines = await thePlatform().ds.getRepository(PaymentLine).findBy({ runId: run.id });
    const sum = (xs: PaymentLine[]) => xs.reduce((s, l) => s + l.amountFen, 0);
    expect(recon.total.instructed).to.deep.equal({ count: lines.length, amountFen: sum(lines) });
    expect(recon.total.paid).to.deep.equal({ count: lines.filter((l) => l.status === 'paid').length, amountFen: sum(lines.filter((l) => l.status === 'paid')) });
    expect(recon.total.failed).to.deep.equal({ count: 1, amountFen: 60_000 });
    expect(recon.total.reissued).to.deep.equal({ count: 1, amountFen: 60_000 });
    expect(recon.total.balanced).to.equal(true);
    expect(recon.townships.every((t: any) => t.balanced)).to.equal(true);
    // and 财政 exports it
    const xr = await download(finance, `/api/payroll/${run.id}/reconciliation/export`);
    const rwb = new ExcelJS.Workbook();
    await rwb.xlsx.load(xr.buf as any);
    const last = rwb.getWorksheet('对账')!.getRow(rwb.getWorksheet('对账')!.rowCount);
    expect([last.getCell(1).value, last.getCell(2).value, last.getCell(3).value]).to.deep.equal(['合计', lines.length, sum(lines) / 100]);

    // when the township's own social-assistance handler tries to publish: refused; its finance office publishes
    expect((await township.post(`/api/payroll/${run.id}/townships/${TOWNSHIP}/publish`)).status).to.equal(403);
    expect((await townFinance.post(`/api/payroll/${run.id}/townships/${TOWNSHIP}/publish`)).status).to.equal(200);
    expect((await townFinance.post(`/api/payroll/${run.id}/townships/${TOWNSHIP}/publish`)).status).to.equal(409);
    // then anyone reads it without logging in: masked names, village, kind, amount, month; the failed payment is not listed as paid
    const pub = new Browser();
    const archive = (await pub.get('/api/public/payment-results')).body.items as any[];
    expect(archive.find((i) => i.runNo === run.runNo && i.townshipCode === TOWNSHIP)).to.include({ month: '2026-05', township: '幸福镇' });
    const notice = (await pub.get(`/api/public/payment-results/${run.runNo}/${TOWNSHIP}?pageSize=200`)).body;
    expect(notice.items).to.deep.include({ name: '褚**甲', village: '和平村', kindName: '农村低保', amountYuan: 900, month: '2026-05' });
    expect(JSON.stringify(notice)).not.to.contain('褚演示甲').and.not.to.contain('褚**乙');
    // and an objection reaches the township as an alert
    expect((await pub.post(`/api/public/payment-results/${run.runNo}/${TOWNSHIP}/objections`, { content: '褚某甲家中已有人就业，不应继续领取低保金', contact: '匿名' })).status).to.equal(201);
    await waitFor('objection alert', async () => ((await township.get('/api/alerts?pageSize=50')).body.items as any[]).find((x) => x.message.includes('公示异议')));
  });

  it('失败明细下月补发：更正卡号后，下个月的代发文件多一笔“补发 上月”', async () => {
    const [civil, finance] = await Promise.all(['handler_civil', 'handler_finance'].map((u) => loginAs(u)));
    const failed = await thePlatform().ds.getRepository(PaymentLine).findOneByOrFail({ month: '2026-05', status: 'failed', resolution: 'reissue' });
    const run = await monthAtBank(civil, finance, '2026-06');
    const rows = parseBankCsv((await download(finance, `/api/payroll/${run.id}/bank-files/${TOWNSHIP}`)).buf.toString('utf8'));
    const mine = rows.filter((r) => r['身份证号'] && r['备注'] === '补发 2026-05');
    expect(mine).to.have.length(1);
    expect(mine[0]).to.include({ '金额（元）': '600.00', 发放月份: '2026-05', 银行卡号: '6217000099990001' });
    // and the household's own June line is there as well
    const reissue = await thePlatform().ds.getRepository(PaymentLine).findOneByOrFail({ reissueOf: failed.id });
    expect(await thePlatform().ds.getRepository(PaymentLine).countBy({ runId: run.id, householdId: reissue.householdId })).to.equal(2);
  });

  it('年中调整标准：8 月起城市低保 800 元，7 月仍按 750 元发放，8 月起按新标准，名册金额随之变动留痕', async () => {
    const [admin, civil] = await Promise.all(['admin', 'handler_civil'].map((u) => loginAs(u)));
    const std = (amountYuan: number, effectiveMonth: string) => ({ countyCode: '139901', kind: 'dibao_urban', amountYuan, effectiveMonth, approvalRef: '示政字〔2026〕30号', approvedBy: '兜底示范县人民政府' });
    const set = await admin.post('/api/admin/standards', std(800, '2026-08'));
    expect(set.status, JSON.stringify(set.body)).to.equal(201);
    // the history is never overwritten: the same month again is refused, a month already paid too, and only admins set standards
    expect((await admin.post('/api/admin/standards', std(820, '2026-08'))).body.code).to.equal('STANDARD_EXISTS');
    expect((await admin.post('/api/admin/standards', std(820, '2026-05'))).body.code).to.equal('STANDARD_MONTH_PAID');
    expect((await civil.post('/api/admin/standards', std(820, '2026-09'))).status).to.equal(403);
    const r = await givenRecipient({ name: '褚演示丁', size: 3, perCapitaYuan: 200, kind: 'dibao_urban' });
    const inForce = async (month: string) => ((await civil.get(`/api/standards?month=${month}`)).body.inForce as any[]).find((s) => s.kind === 'dibao_urban').amountYuan;
    expect(await inForce('2026-07')).to.equal(750);
    expect(await inForce('2026-08')).to.equal(800);

    const july = (await civil.post('/api/payroll', { month: '2026-07' })).body;
    await payrollTask(civil, july.id, 'Task_PayrollCivilReview');
    const aug = (await civil.post('/api/payroll', { month: '2026-08' })).body;
    await payrollTask(civil, aug.id, 'Task_PayrollCivilReview');
    const line = (runId: string) => thePlatform().ds.getRepository(PaymentLine).findOneByOrFail({ runId, recipientId: r.recipient.id });
    expect((await line(july.id)).amountFen).to.equal((750 - 200) * 3 * 100);
    expect((await line(aug.id)).amountFen).to.equal((800 - 200) * 3 * 100);
    // and the register follows, with an event saying why
    expect((await thePlatform().ds.getRepository(Recipient).findOneByOrFail({ id: r.recipient.id })).monthlyAmountFen).to.equal(180_000);
    const ev = (await civil.get(`/api/recipients/${r.recipient.id}`)).body.events as any[];
    expect(ev.at(-1)).to.include({ kind: 'amount_changed', fromAmountYuan: 1650, toAmountYuan: 1800, actorName: '系统' });
    expect(ev.at(-1).reason).to.contain('2026-08 执行新标准');
  });

  it('同一月份只发放一次：再次启动被拒绝，两人同时启动只有一个成功', async () => {
    const [civil, headCivil, finance] = await Promise.all(['handler_civil', 'head_civil', 'handler_finance'].map((u) => loginAs(u)));
    const again = await civil.post('/api/payroll', { month: '2026-05' });
    expect(again.status).to.equal(409);
    expect(again.body.code).to.equal('PAYROLL_MONTH_EXISTS');
    const both = await Promise.all([civil.post('/api/payroll', { month: '2026-04' }), headCivil.post('/api/payroll', { month: '2026-04' })]);
    expect(both.map((x) => x.status).sort()).to.deep.equal([201, 409]);
    expect(await thePlatform().ds.getRepository(PayrollRun).countBy({ month: '2026-04' })).to.equal(1);
    expect(await thePlatform().engine.countInstances(PROCESS.monthlyPayroll)).to.be.greaterThan(0);
    const instances = await thePlatform().ds.query(`SELECT count(*)::int AS n FROM payroll_run WHERE month = '2026-04' AND process_instance_id IS NOT NULL`);
    expect(instances[0].n).to.equal(1);
    // only county civil affairs starts a month; finance cannot
    expect((await finance.post('/api/payroll', { month: '2026-03' })).body.code).to.equal('PAYROLL_START_FORBIDDEN');
    expect((await civil.post('/api/payroll', { month: '2031-01' })).body.code).to.equal('MONTH_IN_FUTURE');
  });

  it('回盘有误一律拒绝且不改变任何东西：未知列、编码、金额不符、未知户、重复行、已结束月份；两人同时导入只有一个成功', async () => {
    const [civil, finance, headFinance] = await Promise.all(['handler_civil', 'handler_finance', 'head_finance'].map((u) => loginAs(u)));
    const gone = await givenRecipient({ name: '褚演示戊' });
    const changed = await givenRecipient({ name: '褚演示己' });
    const run = await monthAtBank(civil, finance, '2026-10');
    const rows = parseBankCsv((await download(finance, `/api/payroll/${run.id}/bank-files/${TOWNSHIP}`)).buf.toString('utf8'));
    const path = `/api/payroll/${run.id}/returns/${TOWNSHIP}`;
    const first = rows[0]!;
    const bad: [string, Buffer, string][] = [
      ['RETURN_COLUMN_UNKNOWN', Buffer.from(returnCsv(rows).replace('失败原因', '备用字段'), 'utf8'), '第 1 行'],
      ['RETURN_ENCODING_INVALID', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(returnCsv(rows), 'utf16le')]), '编码'],
      ['RETURN_AMOUNT_MISMATCH', gbk(returnCsv(rows, {}, (c, r) => (r === first ? [c[0]!, c[1]!, '1.00', c[3]!, c[4]!] : c))), '第 2 行'],
      ['RETURN_LINE_UNKNOWN', gbk(returnCsv(rows, {}, (c, r) => (r === first ? ['00000000-0000-0000-0000-000000000001', ...c.slice(1)] : c))), '第 2 行'],
      ['RETURN_HOUSEHOLD_UNKNOWN', gbk(returnCsv(rows, {}, (c, r) => (r === first ? [c[0]!, 'H-不存在', ...c.slice(2)] : c))), '第 2 行'],
      ['RETURN_LINE_DUPLICATE', gbk(returnCsv([...rows, first])), `第 ${rows.length + 2} 行`],
      ['RETURN_INCOMPLETE', gbk(returnCsv(rows.slice(1))), '缺少 1 笔'],
      ['RETURN_REASON_MISSING', gbk(returnCsv(rows, {}, (c, r) => (r === first ? [...c.slice(0, 3), '失败', ''] : c))), '第 2 行'],
    ];
    for (const [code, buf, where] of bad) {
      const r = await upload(finance, path, buf);
      expect([r.status, r.body.code], code).to.deep.equal([400, code]);
      expect(r.body.message, code).to.contain(where);
    }
    const closedMay = await thePlatform().ds.getRepository(PayrollRun).findOneByOrFail({ month: '2026-05' });
    const closed = await upload(finance, `/api/payroll/${closedMay.id}/returns/${TOWNSHIP}`, gbk(returnCsv(rows)));
    expect([closed.status, closed.body.code]).to.deep.equal([409, 'PAYROLL_CLOSED']);
    // nothing changed: every line still waits for the bank, the township has no return
    expect(await thePlatform().ds.getRepository(PaymentLine).countBy({ runId: run.id, status: 'instructed' })).to.equal(rows.length);
    expect((await thePlatform().ds.getRepository(PayrollTownship).findOneByOrFail({ runId: run.id, townshipCode: TOWNSHIP })).returnImportedAt).to.equal(null);

    // given the money is still not in one working day after the payment date (延压): a red card to finance, civil and the leader
    const leader = await loginAs('leader');
    await waitFor('延压 alert', async () => ((await leader.get('/api/alerts?pageSize=50')).body.items as any[]).find((x) => x.message.includes('延压') && x.message.includes('2026-10')), 60_000);
    const delayed = await waitFor('延压 alert to the finance head', async () => ((await headFinance.get('/api/alerts?pageSize=50')).body.items as any[]).find((x) => x.message.includes('延压') && x.message.includes('2026-10')));
    expect(delayed.level).to.equal('escalation');

    // given the register changed after the roster was built: one household terminated, one re-assessed
    expect((await civil.post(`/api/recipients/${gone.recipient.id}/changes`, { status: 'terminated', reason: '家庭收入已超过低保标准' })).status).to.equal(200);
    expect((await civil.post(`/api/recipients/${changed.recipient.id}/changes`, { amountYuan: 300, reason: '家庭成员就业，重新核定' })).status).to.equal(200);
    // when two people import the same UTF-8 (BOM) file at once: one wins, the other is told
    const good = Buffer.from(`\uFEFF${returnCsv(rows)}`, 'utf8');
    const both = await Promise.all([upload(finance, path, good), upload(headFinance, path, good)]);
    expect(both.map((b) => b.status).sort()).to.deep.equal([200, 409]);
    expect(both.find((b) => b.status === 409)!.body.code).to.equal('RETURN_ALREADY_IMPORTED');
    await payrollAt(civil, run.id, 'closed');
    // then reconciliation names the anomalies: paid to a household no longer 在保, an amount different from the register
    const recon = (await civil.get(`/api/payroll/${run.id}/reconciliation`)).body;
    const kinds = (recon.anomalies as any[]).map((x) => [x.kind, x.householdNo]);
    expect(kinds).to.deep.include(['not_active', gone.household.householdNo]);
    expect(kinds).to.deep.include(['amount_mismatch', changed.household.householdNo]);
    expect(kinds.filter((k) => k[0] === 'delayed')).to.have.length(rows.length);
    expect(recon.total.instructed.count).to.equal(rows.length);
    expect(recon.total.paid.count).to.equal(rows.length);
    expect(recon.total.balanced).to.equal(true);
    await waitFor('anomaly alert', async () => ((await leader.get('/api/alerts?pageSize=50')).body.items as any[]).find((x) => x.message.includes('向非在保对象发放')));
  });

  it('财政逾期不拨付：时限到了黄牌给财政负责人，宽限期后红牌给县领导并登记问责；民政不能代财政办理', async () => {
    const [admin, civil, headFinance, leader] = await Promise.all(['admin', 'handler_civil', 'head_finance', 'leader'].map((u) => loginAs(u)));
    // given 财政's time limit is one working hour with one more of grace (2 s each on the demo time scale)
    const rules = (await admin.get('/api/admin/time-limits')).body.items as any[];
    const rule = rules.find((x) => x.processKey === PROCESS.monthlyPayroll && x.taskKey === 'Task_PayrollFinanceReview');
    expect((await admin.request('PUT', `/api/admin/time-limits/${rule.id}`, { amount: 1, unit: 'hour', remindBeforeAmount: 0, remindBeforeUnit: 'hour', graceAmount: 1, graceUnit: 'hour' })).status).to.equal(200);
    const s = (await civil.post('/api/payroll', { month: '2026-11' })).body;
    const t = await payrollTask(civil, s.id, 'Task_PayrollCivilReview');
    // the review is in 民政's 待办, leading to the payroll's page; the case form does not complete it
    const inbox = (await civil.get('/api/tasks?pageSize=100')).body.items as any[];
    expect(inbox.find((x) => x.taskId === t)).to.deep.include({ payroll: { id: s.id, runNo: s.runNo, month: '2026-11' }, case: null });
    expect((await civil.post(`/api/tasks/${t}/complete`, { approved: true, opinion: '名册核对无误' })).body.code).to.equal('PAYROLL_TASK_FORM_REQUIRED');
    await civil.post(`/api/payroll/${s.id}/tasks/${t}/complete`, { approved: true, opinion: '名册核对无误' });
    const ft = await payrollTask(headFinance, s.id, 'Task_PayrollFinanceReview');
    expect((await civil.post(`/api/payroll/${s.id}/tasks/${ft}/complete`, { approved: true, opinion: '代为拨付' })).status).to.equal(403);
    // when nobody in finance acts
    const warning = await waitFor('黄牌 to the finance head', async () => ((await headFinance.get('/api/alerts?pageSize=50')).body.items as any[]).find((x) => x.level === 'warning' && x.businessKey === s.runNo));
    expect(warning.message).to.contain('财政审核并拨付资金');
    await waitFor('红牌 to the leader', async () => ((await leader.get('/api/alerts?pageSize=50')).body.items as any[]).find((x) => x.level === 'escalation' && x.businessKey === s.runNo));
    const ledger = await thePlatform().ds.query(`SELECT count(*)::int AS n FROM accountability_record WHERE business_key = $1 AND department_code = 'finance'`, [s.runNo]);
    expect(ledger[0].n).to.equal(1);
    await admin.request('PUT', `/api/admin/time-limits/${rule.id}`, { amount: 3, unit: 'workday', remindBeforeAmount: 1, remindBeforeUnit: 'workday', graceAmount: 2, graceUnit: 'workday' });
  });

  it('定时启动：每日定时器到了发放日启动当月发放（只一次），名册进入民政审核，当月的临时救助随同一本账代发', async () => {
    const p = thePlatform();
    // given a temporary-assistance case paid this month (500 yuan, township approval)
    const { newApplication, complete, closedCase } = await import('../support/application.js');
    const [clerk, township] = await Promise.all([loginAs('clerk'), loginAs('handler_township')]);
    const t = await clerk.post('/api/cases/temporary', { household: newApplication({ incomeYuan: 0, types: ['temporary'] }).household, amountYuan: 500, emergency: false, reason: '家中突发火灾，基本生活暂时无法维持' });
    expect(t.status, JSON.stringify(t.body)).to.equal(201);
    await complete(township, t.body.id, 'Task_TownshipApproval', { approved: true, opinion: '情况属实，同意救助 500 元' });
    await closedCase(clerk, t.body.id);
    const temp = await p.ds.getRepository(PaymentLine).findOneByOrFail({ caseId: t.body.id, source: 'temporary' });
    expect(temp).to.include({ amountFen: 50_000, kind: 'temporary', townshipCode: TOWNSHIP, runId: null, status: 'instructed' });

    const job = await p.engine.startTimerJob(PROCESS.monthlyPayrollSchedule, 'Start_Daily');
    expect(job, 'the daily timer of the start event').to.not.equal(null);
    const month = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
    // when the engine fires the timer (twice: the second day finds the month started)
    await p.engine.executeJob(job!.id);
    const run = await waitFor('timer-started month', async () => p.ds.getRepository(PayrollRun).findOneBy({ month, countyCode: '139901', startedByName: '定时启动' }));
    const civil = await loginAs('handler_civil');
    await payrollTask(civil, run.id, 'Task_PayrollCivilReview');
    const again = await p.engine.startTimerJob(PROCESS.monthlyPayrollSchedule, 'Start_Daily');
    await p.engine.executeJob(again!.id);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await p.ds.getRepository(PayrollRun).countBy({ month, countyCode: '139901' })).to.equal(1);
    // then the temporary payment is on this month's roster, sent with the township's bank file
    expect((await p.ds.getRepository(PaymentLine).findOneByOrFail({ id: temp.id })).runId).to.equal(run.id);

    // (clean-up: the month belongs to the suites that follow — 定期核查, 物价联动, 标准调整 pay this month —
    // so the timer's runs of every county and their instances are removed again)
    await removePayrollMonth(month);
  });

  it('职责分离：卫健经办人看不到发放，乡镇经办人不能导出代发文件、导入回盘或变更在保对象，县财政不能公示乡镇结果', async () => {
    const [health, township, finance, village] = await Promise.all(['handler_health', 'handler_township', 'handler_finance', 'village_heping'].map((u) => loginAs(u)));
    const run = await thePlatform().ds.getRepository(PayrollRun).findOneByOrFail({ month: '2026-05' });
    expect((await health.get('/api/payroll')).body.code).to.equal('PAYROLL_FORBIDDEN');
    expect((await health.get(`/api/payroll/${run.id}/reconciliation`)).status).to.equal(403);
    expect((await village.get('/api/recipients')).status).to.equal(403);
    expect((await township.get(`/api/payroll/${run.id}/bank-files/${TOWNSHIP}?format=xlsx`)).status).to.equal(403);
    expect((await upload(township, `/api/payroll/${run.id}/returns/${TOWNSHIP}`, Buffer.from('流水号,金额（元）,结果\r\n'))).status).to.equal(403);
    expect((await finance.post(`/api/payroll/${run.id}/townships/${TOWNSHIP}/publish`)).status).to.equal(403);
    const someone = (await township.get('/api/recipients?pageSize=1')).body.items[0];
    expect((await township.post(`/api/recipients/${someone.id}/changes`, { status: 'suspended', reason: '乡镇自行暂停' })).status).to.equal(403);
    // a township sees only its own recipients
    expect((await township.get('/api/recipients?township=139901999')).status).to.equal(403);
  });

  it('审批通过的低保申请进入在保对象名册：户、类别、月发放金额及核定方式、起始月份、乡镇村，变动留痕', async () => {
    const p = thePlatform();
    const { actors, register, newApplication, villageSteps, complete, closedCase } = await import('../support/application.js');
    const { clerk, village, civil } = await actors();
    const c = await register(clerk, newApplication({ incomeYuan: 300, types: ['dibao'], members: 3 }));
    await villageSteps(village, c.id);
    await complete(civil, c.id, 'Task_CountyApproval', { approved: true, opinion: '同意纳入低保' });
    await closedCase(clerk, c.id, 60_000);
    const r = await p.ds.getRepository(Recipient).findOneByOrFail({ caseId: c.id });
    // the amount is (standard in force for the first month paid − 100 yuan per-capita income) × 3
    const standard = ((await civil.get(`/api/standards?month=${r.startMonth}`)).body.inForce as any[]).find((s) => s.kind === 'dibao_rural').amountYuan as number;
    expect(r).to.include({ kind: 'dibao_rural', monthlyAmountFen: (standard - 100) * 3 * 100, householdSize: 3, status: 'active', townshipCode: TOWNSHIP, villageCode: '139901100201' });
    expect(r.computation).to.contain(`${standard}.00`).and.contain('100.00').and.contain('3 人');
    const list = (await civil.get(`/api/recipients?township=${TOWNSHIP}&pageSize=200`)).body.items as any[];
    expect(list.find((x) => x.id === r.id)).to.include({ kindName: '农村低保', amountYuan: (standard - 100) * 3, statusName: '在保', village: '和平村' });
    // a change needs a reason and is recorded with who made it
    expect((await civil.post(`/api/recipients/${r.id}/changes`, { status: 'suspended' })).status).to.equal(400);
    expect((await civil.post(`/api/recipients/${r.id}/changes`, { status: 'suspended', reason: '户主外出务工，暂停核查' })).status).to.equal(200);
    const events = await p.ds.getRepository(RecipientEvent).find({ where: { recipientId: r.id }, order: { id: 'ASC' } });
    expect(events.map((e) => [e.kind, e.toStatus])).to.deep.equal([
      ['created', 'active'],
      ['status_changed', 'suspended'],
    ]);
    expect(events[1]!.actorName).to.contain('民政');
  });
});
