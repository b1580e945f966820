import path from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { expectNoPageErrors, loginInBrowser, useBrowser } from '../support/browser.js';
import { thePlatform } from '../support/global-fixture.js';
import { loginAs, waitFor } from '../support/http.js';
import { givenRecipient } from '../support/payroll.js';
import { makeIdNumber } from '../../domain/idcard.js';

/** With SCREENSHOT_DIR set (docs/screenshots), the steps are also saved as pictures for the docs. */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: path.join(dir, name), fullPage: true });
}

describe('浏览器 / 物价联动：发改录入价格数据，民政核算补贴，财政注明资金来源后同意', function () {
  this.timeout(180_000);
  const chrome = useBrowser();
  // The subsidy approved here is not sent by a payroll in this file: its lines go, so later payrolls of other files stay as they expect.
  after(async () => {
    await thePlatform().ds.query(`DELETE FROM payment_line WHERE source = 'price_subsidy' AND month = '2026-10' AND run_id IS NULL`);
  });

  it('发改在页面上录入 CPI 3.8%，看到“启动”的决定；民政看到公式并核算；财政未填资金来源被拒，填写后同意', async () => {
    await givenRecipient({ name: '褚页面甲', size: 2 });
    // 发改 enters October from the menu
    const ndrc = await chrome.newPage();
    await loginInBrowser(ndrc, 'handler_ndrc');
    await ndrc.getByRole('menuitem', { name: '物价联动' }).click();
    await ndrc.waitForURL('**/price');
    await ndrc.getByPlaceholder('选择月份').fill('2026-10');
    await ndrc.getByPlaceholder('选择月份').press('Enter');
    await ndrc.locator('.entry .el-input-number input').nth(0).fill('3.8');
    await ndrc.locator('.entry .el-input-number input').nth(1).fill('2.5');
    await ndrc.getByPlaceholder('如：市统计局').fill('市统计局 2026年10月 居民消费价格指数');
    await ndrc.getByRole('button', { name: '录入', exact: true }).click();
    // then the month's decision appears with its inputs: started, paying a subsidy
    await waitFor('decision on the page', async () => {
      await ndrc.getByRole('button', { name: '刷新' }).click();
      return (await ndrc.locator('.el-table__row').filter({ hasText: '2026-10' }).filter({ hasText: '启动，发放补贴' }).count()) > 0;
    });
    const row = ndrc.locator('.el-table__row').filter({ hasText: '2026-10' }).filter({ hasText: '第1版' });
    expect(await row.textContent())
      .to.contain('3.80%')
      .and.contain('3.5% / 6%');
    // and entering the month again asks for the correction's reason
    await ndrc.getByPlaceholder('选择月份').fill('2026-10');
    await ndrc.getByPlaceholder('选择月份').press('Enter');
    await ndrc.getByPlaceholder('该月已录入').waitFor();
    await shot(ndrc, '120-price-entry-decision.png');
    expectNoPageErrors(ndrc);

    // 民政 computes: the register's counts and the formula as the amount is typed
    const civil = await chrome.newPage();
    await loginInBrowser(civil, 'handler_civil');
    await civil.goto('/price');
    await civil.getByText('待我办理：民政核算价格临时补贴').waitFor();
    const amount = civil.locator('.task .el-input-number input');
    await amount.fill('40');
    await amount.press('Tab');
    const [{ p }] = await thePlatform().ds.query(`SELECT sum(r.household_size)::int AS p FROM recipient r JOIN unit t ON t.code = r.township_code WHERE t.parent_code = '139901' AND r.status = 'active' AND r.start_month <= '2026-10'`);
    await civil
      .locator('.formula')
      .filter({ hasText: `${p} 人 × 每人每月 ¥40.00` })
      .waitFor();
    await civil.locator('.task textarea').fill('按在保对象人数核算');
    await shot(civil, '121-price-subsidy-compute.png');
    await civil.getByRole('button', { name: '核算完成，送财政审核' }).click();
    await civil.getByText('待我办理：民政核算价格临时补贴').waitFor({ state: 'detached' });
    expectNoPageErrors(civil);

    // 财政: approving without the funds' source is refused on the page; with it, approved
    const finance = await chrome.newPage();
    await loginInBrowser(finance, 'handler_finance');
    await finance.goto('/price');
    await finance.getByText('待我办理：财政审核补贴资金').waitFor();
    await finance.locator('.task textarea').fill('同意');
    await finance.getByRole('button', { name: '同意拨付' }).click();
    await finance.locator('.task .error').filter({ hasText: '须注明资金来源' }).waitFor();
    await shot(finance, '122-price-finance-funds-required.png');
    await finance.getByPlaceholder('预算指标文号').fill('示财社〔2026〕11号');
    await finance.getByRole('button', { name: '同意拨付' }).click();
    await finance.getByText('待我办理：财政审核补贴资金').waitFor({ state: 'detached' });
    const api = await loginAs('handler_finance');
    await waitFor('subsidy listed for payment', async () => ((await api.get('/api/price')).body.subsidies as any[]).find((s) => s.month === '2026-10' && s.status === 'instructed'));
    await finance.getByRole('button', { name: '刷新' }).click();
    await finance.locator('.el-table__row').filter({ hasText: '已列入月度发放' }).filter({ hasText: '示财社〔2026〕11号' }).waitFor();
    await shot(finance, '123-price-subsidy-approved.png');
    expectNoPageErrors(finance);
  });

  it('管理员设置“孤儿”为其他保障群体；民政在页面上把一名孤儿列入名单、再办理退出', async () => {
    const admin = await chrome.newPage();
    await loginInBrowser(admin, 'admin');
    await admin.goto('/price');
    await admin.getByText('物价联动参数（本县）').waitFor();
    await admin.getByRole('button', { name: '孤儿', exact: true }).click();
    await admin.getByRole('button', { name: '保存参数' }).click();
    await admin.getByText('物价联动参数已保存').waitFor();
    await admin.getByText('其他保障群体名单').waitFor();
    expectNoPageErrors(admin);

    const civil = await chrome.newPage();
    await loginInBrowser(civil, 'handler_civil');
    await civil.goto('/price');
    await civil.getByRole('button', { name: '列入名单' }).click();
    const dialog = civil.getByRole('dialog', { name: '列入其他保障群体名单' });
    await dialog.locator('.el-form-item').filter({ hasText: '姓名' }).locator('input').fill('褚页面孤');
    await dialog
      .locator('.el-form-item')
      .filter({ hasText: '身份证号' })
      .locator('input')
      .fill(makeIdNumber('139901', '20140601', '781'));
    await dialog.locator('.el-form-item').filter({ hasText: '所在村（社区）' }).locator('.el-select').click();
    await civil.locator('.el-select-dropdown__item').filter({ hasText: '和平村' }).click();
    await dialog.getByPlaceholder('从哪个月起发放').fill('2026-11');
    await dialog.getByPlaceholder('从哪个月起发放').press('Enter');
    // a person new to Doudi needs a bank card: the page says so and nothing is listed
    await dialog.getByRole('button', { name: '列入名单' }).click();
    await dialog.locator('.error').filter({ hasText: '须填写银行卡号' }).waitFor();
    await dialog.locator('.el-form-item').filter({ hasText: '银行卡号' }).locator('input').fill('6217000000007811');
    await dialog.locator('.el-form-item').filter({ hasText: '住址' }).locator('input').fill('和平村演示街 21 号');
    await dialog.locator('.el-form-item').filter({ hasText: '备注' }).locator('input').fill('孤儿证 冀孤〔2026〕15号');
    await shot(civil, '127-price-group-member-add.png');
    await dialog.getByRole('button', { name: '列入名单' }).click();
    await civil.getByText('已列入名单，并为其新登记一户').waitFor();
    const row = civil.locator('.groups .el-table__row').filter({ hasText: '褚**' }).filter({ hasText: '2026-11 起' });
    await row.waitFor();
    expect(await row.textContent())
      .to.contain('孤儿')
      .and.contain('和平村')
      .and.contain('在册');
    await civil.waitForFunction(() => ![...document.querySelectorAll('.el-loading-mask')].some((m) => (m as HTMLElement).offsetParent !== null));
    await shot(civil, '128-price-group-roster.png');

    // 退出: the last month paid and the reason
    await row.getByRole('button', { name: '退出名单' }).click();
    const end = civil.getByRole('dialog', { name: /退出名单/ });
    await end.getByPlaceholder('此月之后不再发放').fill('2026-12');
    await end.getByPlaceholder('此月之后不再发放').press('Enter');
    await end.locator('textarea').fill('已被收养');
    await end.getByRole('button', { name: '确认退出' }).click();
    await civil.locator('.groups .el-table__row').filter({ hasText: '褚**' }).filter({ hasText: '已退出' }).filter({ hasText: '已被收养' }).waitFor();
    expectNoPageErrors(civil);
    // (the group is removed again for the files after this one)
    const api = await loginAs('admin');
    const r = await api.request('PUT', '/api/price/settings', { cpiThreshold: 3.5, foodThreshold: 6, amountYuanPerPerson: 30, kinds: ['dibao_urban', 'dibao_rural', 'tekun'], groups: [] });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
  });

  it('手机（390×844）：群众从公示页打开低保明白纸，一屏宽读完，没有横向滚动；打印为一张 A4', async () => {
    const phone = await chrome.newPage({ width: 390, height: 844 });
    await phone.goto('/public/notices');
    await phone.getByRole('link', { name: '社会救助明白纸' }).click();
    await phone.waitForURL('**/public/policy/dibao');
    await phone.getByRole('heading', { name: /最低生活保障/ }).waitFor();
    await phone.getByText('二、要带什么材料').waitFor();
    await phone.getByText('家庭经济状况核对授权书').waitFor();
    await phone.getByText(/农村低保：每人每月/).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(390);
    await shot(phone, '124-phone-policy-sheet.png');
    // another kind from the chips
    await phone.getByRole('link', { name: '临时救助', exact: true }).click();
    await phone.getByText('突发事件或意外情况说明').waitFor();
    expectNoPageErrors(phone);

    // printed, the sheet fits on one A4 page
    const desk = await chrome.newPage();
    await desk.goto('/public/policy/dibao');
    await desk.getByText('二、要带什么材料').waitFor();
    const pdf = await desk.pdf({ format: 'A4', printBackground: true });
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length).to.equal(1);
  });

  it('管理员编辑明白纸：右侧预览随输入变化，保存后公众页面即时更新', async () => {
    const admin = await chrome.newPage();
    await loginInBrowser(admin, 'admin');
    await admin.getByRole('menuitem', { name: '明白纸' }).click();
    await admin.waitForURL('**/admin/policy-sheets');
    await admin.locator('.el-radio-button').filter({ hasText: '特困人员供养' }).click();
    await admin.locator('.preview').getByText('特困人员供养').first().waitFor();
    const hotline = admin.locator('.el-form-item').filter({ hasText: '咨询电话' }).locator('input');
    await hotline.fill('0311-7654321');
    await admin.locator('.preview').getByText('0311-7654321').waitFor();
    await shot(admin, '125-admin-policy-sheet-preview.png');
    await admin.getByRole('button', { name: '保存' }).click();
    await admin.getByText('明白纸已保存').waitFor();
    const pub = await chrome.newPage({ width: 390, height: 844 });
    await pub.goto('/public/policy/tekun');
    await pub.getByText('0311-7654321').waitFor();
    expectNoPageErrors(admin);
  });

  it('县领导在“标准调整”页看到各类标准的历史图表，并审批民政的年度调整方案', async () => {
    const [civil, finance] = await Promise.all(['handler_civil', 'handler_finance'].map((u) => loginAs(u)));
    const started = await civil.post('/api/standard-adjustments', { year: 2028 });
    expect(started.status, JSON.stringify(started.body)).to.equal(201);
    const task = async (b: typeof civil, key: string) => waitFor(key, async () => ((await b.get('/api/standard-adjustments')).body.tasks as any[]).find((t) => t.taskKey === key));
    const p = await task(civil, 'Task_StandardPropose');
    const proposed = await civil.post(`/api/standard-adjustments/${p.proposalId}/tasks/${p.taskId}/complete`, {
      effectiveMonth: '2028-01',
      reasoning: '近两年物价上涨，生活自理特困人员照料成本提高',
      items: [{ kind: 'tekun_care_self', amountYuan: 260 }],
    });
    expect(proposed.status, JSON.stringify(proposed.body)).to.equal(200);
    const f = await task(finance, 'Task_StandardFinance');
    expect((await finance.post(`/api/standard-adjustments/${f.proposalId}/tasks/${f.taskId}/complete`, { approved: true, opinion: '资金可以保障' })).status).to.equal(200);

    const leader = await chrome.newPage();
    await loginInBrowser(leader, 'leader');
    await leader.getByRole('menuitem', { name: '标准调整' }).click();
    await leader.waitForURL('**/standard-adjustments');
    await leader.getByText('待我办理：县领导审批调整方案').waitFor();
    await leader.locator('.line-chart canvas').waitFor();
    await leader.getByPlaceholder('审核意见').fill('同意，自 2028 年 1 月起执行');
    await shot(leader, '126-leader-standard-history-approval.png');
    await leader.getByRole('button', { name: '同意', exact: true }).click();
    await leader.getByText('待我办理：县领导审批调整方案').waitFor({ state: 'detached' });
    await waitFor('applied', async () => {
      await leader.getByRole('button', { name: '刷新' }).click();
      return (await leader.locator('.el-table__row').filter({ hasText: '2028' }).filter({ hasText: '已执行' }).count()) > 0;
    });
    expectNoPageErrors(leader);
  });
});
