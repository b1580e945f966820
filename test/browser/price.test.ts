import path from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { expectNoPageErrors, loginInBrowser, useBrowser } from '../support/browser.js';
import { thePlatform } from '../support/global-fixture.js';
import { loginAs, waitFor } from '../support/http.js';
import { givenRecipient } from '../support/payroll.js';

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
    expect(await row.textContent()).to.contain('3.80%').and.contain('3.5% / 6%');
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
    await civil.locator('.formula').filter({ hasText: `${p} 人 × 每人每月 ¥40.00` }).waitFor();
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
});
