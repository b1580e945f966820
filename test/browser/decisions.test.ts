import { expect } from 'chai';
import { expectNoPageErrors, loginInBrowser, useBrowser } from '../support/browser.js';

describe('浏览器 / 协调员查看决策表（dmn-js，中文）', function () {
  this.timeout(60_000);
  const chrome = useBrowser();

  it('the coordinator reads the referral decision as deployed: its columns, rules and hit policy in Chinese', async () => {
    const page = await chrome.newPage();
    await loginInBrowser(page, 'coordinator');
    await page.getByRole('menuitem', { name: '决策表' }).click();
    await page.waitForURL('**/decisions');
    const table = page.locator('[data-decision="case-referrals"]');
    await table.locator('.tjs-table').waitFor();
    const text = await table.innerText();
    expect(text).to.contain('转介部门（按家庭情况和申请类型）').and.contain('有持证残疾成员').and.contain('家庭成员持有残疾人证，残疾人两项补贴');
    expect(text).to.contain('命中策略').and.contain('汇总（COLLECT）').and.contain('条件');
    expect(await table.locator('tbody tr').count()).to.equal(11);
    expectNoPageErrors(page);
  });

  it('a village worker has no decision page', async () => {
    const page = await chrome.newPage();
    await loginInBrowser(page, 'village_heping');
    expect(await page.getByRole('menuitem', { name: '决策表' }).count()).to.equal(0);
    await page.goto(page.url().replace(/\/[^/]*$/, '/decisions'));
    await page.locator('text=无权查看').first().waitFor();
  });
});
