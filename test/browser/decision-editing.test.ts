import path from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { DECISION } from '../../domain/engine/contract.js';
import { thePlatform } from '../support/global-fixture.js';
import { loginAs, type Browser } from '../support/http.js';
import { restoreDecision, snapshotDecision } from '../support/decisions.js';
import { expectNoPageErrors, loginInBrowser, useBrowser } from '../support/browser.js';

const KEY = DECISION.temporaryApproval;

/** With SCREENSHOT_DIR set (docs/screenshots), the page is also saved as a picture for the docs. */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: path.join(dir, name), fullPage: true });
}

describe('浏览器 / 决策表修订：协调员在页面上修改决策表，未通过测试用例被拒，修正后提交；管理员批准部署', function () {
  this.timeout(180_000);
  const chrome = useBrowser();
  let coordinatorApi: Browser;
  let adminApi: Browser;
  let snap: { xml: string; testCases: any[] };

  before(async () => {
    [coordinatorApi, adminApi] = await Promise.all([loginAs('coordinator'), loginAs('admin')]);
    snap = await snapshotDecision(coordinatorApi, KEY);
  });
  after(() => restoreDecision(coordinatorApi, adminApi, KEY, snap));

  it('large amounts paid first: the table is edited in the modeler, 检查 shows the broken test cases, the fixed ones pass, the admin approves and a new version is deployed', async () => {
    const versionBefore = (await thePlatform().engine.decisionDefinition(KEY)).version;
    const page = await chrome.newPage({ width: 1440, height: 900 });
    await loginInBrowser(page, 'coordinator');
    await page.getByRole('menuitem', { name: '决策表' }).click();
    await page.waitForURL('**/decisions');
    // when the coordinator opens 修订 on the 临时救助 table and sets 先行救助 of the large-amount rule to true
    await page.locator(`[data-test="edit-${KEY}"]`).click({ timeout: 45_000 });
    const modeler = page.locator('[data-test="dmn-modeler"]');
    const cell = modeler.locator('td[data-row-id="Rule_3"][data-col-id="Output_2"]');
    await cell.waitFor();
    await cell.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('true');
    await modeler.locator('td[data-row-id="Rule_3"][data-col-id="Output_1"]').click();
    await page.getByLabel('修订说明').fill('大额一律先行救助');
    await page.locator('[data-test="check"]').click();
    // then 检查 shows the two large-amount test cases failing
    const report = page.locator('[data-test="check-report"]');
    await page.locator('[data-test="check-report"], [data-test="editor-error"]').first().waitFor({ timeout: 60_000 });
    if (!(await report.count())) throw new Error(`检查 failed: ${await page.locator('[data-test="editor-error"]').innerText()}`);
    expect(await report.locator('h3').first().innerText()).to.equal(`测试用例：${snap.testCases.length - 2} / ${snap.testCases.length} 通过`);
    await shot(page, '131-decision-edit-check.png');
    // and 提交审批 is refused with the names of the broken cases
    await page.locator('[data-test="propose"]').click();
    const err = page.locator('[data-test="editor-error"]');
    await err.waitFor();
    expect(await err.innerText())
      .to.contain('新版本未通过 2 个测试用例')
      .and.contain('3000 元：县民政审批');

    // when the test cases are changed with the policy and it is proposed again
    const fixed = snap.testCases.map((c) => (c.inputs.amountFen > c.inputs.townshipLimitFen ? { ...c, name: `${c.name}（大额先行救助）`, expected: [{ approvalLevel: 'county', payFirst: true }] } : c));
    if (!(await page.getByLabel('测试用例').isVisible())) await page.getByText(/^测试用例（/).click();
    await page.getByLabel('测试用例').fill(JSON.stringify(fixed, null, 2));
    await page.locator('[data-test="propose"]').click();
    await page.locator('.el-message--success').filter({ hasText: '修订已提交，等待审批' }).waitFor();
    const row = page.locator(`[data-test="proposals-${KEY}"] .el-table__row`).filter({ hasText: '大额一律先行救助' });
    await row.waitFor();
    expect(await row.innerText())
      .to.contain('待审批')
      .and.contain('联席会议办公室');
    // the coordinator cannot approve it
    expect(await row.locator('[data-test="approve"]').count()).to.equal(0);
    expectNoPageErrors(page);
    await page.context().close();

    // when the admin approves it
    const adminPage = await chrome.newPage({ width: 1440, height: 900 });
    await loginInBrowser(adminPage, 'admin');
    await adminPage.goto('/decisions');
    const pending = adminPage.locator(`[data-test="proposals-${KEY}"] .el-table__row`).filter({ hasText: '大额一律先行救助' });
    await pending.locator('[data-test="approve"]').click({ timeout: 45_000 });
    await adminPage.locator('.el-message-box input').fill('同意，按县政府文件执行');
    await adminPage.getByRole('button', { name: '批准并部署' }).click();
    // then it is deployed as the next version, shown with who approved it
    await adminPage
      .locator('.el-message--success')
      .filter({ hasText: `已部署为第 ${versionBefore + 1} 版` })
      .waitFor();
    const done = adminPage.locator(`[data-test="proposals-${KEY}"] .el-table__row`).filter({ hasText: '大额一律先行救助' });
    await done.filter({ hasText: `已部署（第 ${versionBefore + 1} 版）` }).waitFor();
    expect(await done.innerText()).to.contain('系统管理员');
    expect((await thePlatform().engine.decisionDefinition(KEY)).version).to.equal(versionBefore + 1);
    expect(await thePlatform().engine.evaluateDecision(KEY, { amountFen: 300_000, townshipLimitFen: 100_000, emergency: false })).to.deep.equal([{ approvalLevel: 'county', payFirst: true }]);
    await shot(adminPage, '132-decision-approved.png');
    expectNoPageErrors(adminPage);
    await adminPage.context().close();
  });
});
