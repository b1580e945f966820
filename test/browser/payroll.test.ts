import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { PaymentLine } from '../../domain/entities/money.entity.js';
import { expectNoPageErrors, loginInBrowser, useBrowser } from '../support/browser.js';
import { thePlatform } from '../support/global-fixture.js';
import { loginAs, waitFor } from '../support/http.js';
import { download, givenRecipient, parseBankCsv, payrollAt, payrollTask, returnCsv } from '../support/payroll.js';
import type { Page } from 'playwright-core';

/** With SCREENSHOT_DIR set (docs/screenshots), the steps are also saved as pictures for the docs. */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: path.join(dir, name), fullPage: true });
}

describe('浏览器 / 资金发放：民政审核、财政拨付与导入回盘、乡镇处理失败、乡镇财政所公示、群众查看公示', function () {
  this.timeout(180_000);
  const chrome = useBrowser();

  it('一个月在页面上办完：审核 → 拨付 → 导入回盘 → 处理失败 → 公示，群众在公示页看到打码的名单', async () => {
    const a = await givenRecipient({ name: '褚演示页', size: 2, perCapitaYuan: 100 });
    const b = await givenRecipient({ name: '褚演示卡' });
    const civilApi = await loginAs('handler_civil');
    const started = await civilApi.post('/api/payroll', { month: '2026-03' });
    expect(started.status, JSON.stringify(started.body)).to.equal(201);
    const runId = started.body.id as string;
    await payrollTask(civilApi, runId, 'Task_PayrollCivilReview');

    // civil affairs opens the month from the list and approves the roster
    const civil = await chrome.newPage();
    await loginInBrowser(civil, 'handler_civil');
    await civil.getByRole('menuitem', { name: '资金发放' }).click();
    await civil.waitForURL('**/payroll');
    await civil.locator('.el-table__row').filter({ hasText: '2026-03' }).click();
    await civil.waitForURL(`**/payroll/${runId}`);
    await civil.getByText('待我办理：民政审核发放名册').waitFor();
    await shot(civil, '50-payroll-civil-review.png');
    await civil.getByPlaceholder('审核意见').fill('名册与在保对象核对无误');
    await civil.getByRole('button', { name: '审核通过' }).click();
    await civil.getByText('待我办理：民政审核发放名册').waitFor({ state: 'detached' });
    expectNoPageErrors(civil);

    // finance allocates the funds, then imports the bank's return (one card refused) through the file picker
    const finance = await chrome.newPage();
    await loginInBrowser(finance, 'handler_finance');
    await finance.goto(`/payroll/${runId}`);
    await finance.getByPlaceholder('审核意见').fill('资金已拨付代发银行');
    await finance.getByRole('button', { name: '同意拨付' }).click();
    const financeApi = await loginAs('handler_finance');
    await payrollAt(financeApi, runId, 'at_bank');
    await finance.reload();
    await finance.getByRole('button', { name: '导入回盘' }).waitFor();
    const rows = parseBankCsv((await download(financeApi, `/api/payroll/${runId}/bank-files/139901100`)).buf.toString('utf8'));
    const failed = rows.find((r) => r['户编号'] === b.household.householdNo)!['流水号']!;
    const file = path.join(fs.mkdtempSync('/tmp/doudi-return-'), '回盘.csv');
    fs.writeFileSync(file, `\uFEFF${returnCsv(rows, { [failed]: '卡号不存在' })}`);
    const chooser = finance.waitForEvent('filechooser');
    await finance.getByRole('button', { name: '导入回盘' }).click();
    await (await chooser).setFiles(file);
    await finance.getByText(`到账 ${rows.length - 1} 笔，失败 1 笔`).waitFor();
    await shot(finance, '51-payroll-return-imported.png');
    expectNoPageErrors(finance);

    // the township handles the failed line on the same page
    const township = await chrome.newPage();
    await loginInBrowser(township, 'handler_township');
    await township.goto(`/payroll/${runId}`);
    await township.getByText('待我办理：处理发放失败').waitFor();
    const row = township.locator('.task .el-table__row').filter({ hasText: b.household.householdNo });
    await row.locator('.el-select').click();
    await township.getByRole('option', { name: '已通过其他方式发放' }).click();
    await row.locator('input').last().fill('已由乡镇以现金方式发放并签收');
    await township.getByRole('button', { name: '提交处理结果' }).click();
    await payrollAt(financeApi, runId, 'closed');
    expect((await thePlatform().ds.getRepository(PaymentLine).findOneByOrFail({ id: failed })).resolution).to.equal('other');

    // the reconciliation is balanced on the leader's view
    const leader = await chrome.newPage();
    await loginInBrowser(leader, 'leader');
    // the leader's workbench shows the month's reconciliation
    await leader.locator('.payroll-card .el-table__row').filter({ hasText: '2026-03' }).waitFor();
    await shot(leader, '56-leader-dashboard-payroll.png');
    await leader.goto(`/payroll/${runId}`);
    await leader.locator('.el-tag').filter({ hasText: '平衡' }).first().waitFor();
    await shot(leader, '52-payroll-reconciliation.png');

    // the township finance office publishes; the public page shows the masked list without login
    const townFinance = await chrome.newPage();
    await loginInBrowser(townFinance, 'finance_town');
    await townFinance.goto(`/payroll/${runId}`);
    await townFinance.getByRole('button', { name: '公示发放结果' }).click();
    await townFinance.getByText('幸福镇财政所所长').waitFor();
    const pub = await chrome.newPage();
    await pub.goto('/public/payment-results');
    await pub.locator('aside li').filter({ hasText: '2026-03' }).click();
    await pub.getByText('褚**页').waitFor();
    expect(await pub.locator('main').innerText()).not.to.contain('褚演示页');
    await shot(pub, '53-public-payment-results.png');
    expectNoPageErrors(pub);
    expect(a.recipient.id).to.be.a('string');
    await waitFor('published', async () => (await thePlatform().ds.query(`SELECT published_at FROM payroll_township WHERE run_id = $1`, [runId]))[0].published_at);
  });

  it('管理员在“救助标准”页看到标准历史；民政在“在保对象”页打开一户的变动记录', async () => {
    const admin = await chrome.newPage();
    await loginInBrowser(admin, 'admin');
    await admin.getByRole('menuitem', { name: '救助标准' }).click();
    await admin.waitForURL('**/admin/standards');
    await admin.locator('.el-table__row').filter({ hasText: '示政字〔2026〕1号' }).first().waitFor();
    await shot(admin, '54-admin-standards.png');
    expectNoPageErrors(admin);

    const civil = await chrome.newPage();
    await loginInBrowser(civil, 'handler_civil');
    await civil.getByRole('menuitem', { name: '在保对象' }).click();
    await civil.waitForURL('**/recipients');
    await civil.locator('.el-table__row').first().waitFor();
    await civil.locator('.el-table__row').first().click();
    await civil.getByText('变动记录').waitFor();
    await shot(civil, '55-recipients.png');
    expectNoPageErrors(civil);
  });

  it('县民政在“在保对象”页重新评定特困对象的护理等级：金额按标准重算，变动记录写明等级和原因', async () => {
    // given a 特困 household of one assessed 全护理: 975 + 600 yuan a month
    const t = await givenRecipient({ name: '卫演示级', kind: 'tekun' });
    const civil = await chrome.newPage();
    await loginInBrowser(civil, 'handler_civil');
    await civil.getByRole('menuitem', { name: '在保对象' }).click();
    await civil.waitForURL('**/recipients');
    const row = civil.locator('.el-table__row').filter({ hasText: t.household.householdNo });
    await row.waitFor();
    expect(await row.innerText()).to.contain('全护理');
    // when civil affairs opens it, chooses 护理等级 → 半护理 with a reason and registers it
    await row.click();
    await civil.getByText('变动记录').waitFor();
    await civil.locator('.el-drawer').getByText('护理等级', { exact: true }).click();
    await civil.locator('.el-drawer .el-select').click();
    await civil.locator('.el-select-dropdown__item').filter({ hasText: '半护理' }).click();
    await civil.getByPlaceholder('变动原因（必填）').fill('经评估可部分自理，调整为半护理');
    await civil.locator('.el-drawer').getByRole('button', { name: '登记' }).click();
    // then the drawer shows 半护理 at 975 + 300 yuan, and the change with its reason
    await civil.locator('.el-drawer').getByText('全护理 → 半护理').waitFor();
    const drawer = await civil.locator('.el-drawer').innerText();
    expect(drawer).to.contain('特困供养（半护理）').and.contain('1,275.00');
    expect(drawer).to.contain('护理等级变更，金额');
    await shot(civil, '140-recipient-care-level.png');
    expectNoPageErrors(civil);
  });
});
