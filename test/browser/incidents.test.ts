import path from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { thePlatform } from '../support/global-fixture.js';
import { loginAs, waitFor } from '../support/http.js';
import { taskOf } from '../support/application.js';
import { failingWorker } from '../support/faults.js';
import { expectNoPageErrors, loginInBrowser, registerByApi, useBrowser } from '../support/browser.js';

/** With SCREENSHOT_DIR set (docs/screenshots), the page is also saved as a picture for the docs. */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: path.join(dir, name), fullPage: true });
}

describe('浏览器 / 流程故障：系统管理员在页面上重试失败的自动环节，案件继续办理', function () {
  this.timeout(180_000);
  const chrome = useBrowser();

  it('two cases stopped at 案件分类 are listed with their case numbers; one is retried from its row, the other by selecting it; both reach 入户调查', async () => {
    const p = thePlatform();
    const [clerk, admin, village] = await Promise.all(['clerk', 'admin', 'village_heping'].map((u) => loginAs(u)));
    // given the 案件分类 step fails for two new cases until each is an incident
    const worker = await failingWorker('case.classify');
    try {
      const a = await registerByApi(clerk, '郑故障');
      const b = await registerByApi(clerk, '冯故障');
      await waitFor('two incidents', async () => (await p.engine.incidents(a.processInstanceId)).length === 1 && (await p.engine.incidents(b.processInstanceId)).length === 1, 60_000, 300);

      // when the admin opens 流程故障
      const page = await chrome.newPage();
      await loginInBrowser(page, 'admin');
      await page.getByRole('menuitem', { name: '流程故障' }).click();
      await page.waitForURL('**/admin/incidents');
      const rowA = page.locator('.el-table__row').filter({ hasText: a.caseNo });
      const rowB = page.locator('.el-table__row').filter({ hasText: b.caseNo });
      await rowA.waitFor();
      await rowB.waitFor();
      // then each row names the step, the process and the error in Chinese
      expect(await rowA.innerText())
        .to.contain('社会救助一门受理')
        .and.contain('故障注入：case.classify 处理失败')
        .and.contain('外部任务失败');
      await shot(page, '130-incidents.png');

      // when the cause is removed and the admin retries A from its row, and B by ticking it and 重试所选
      await worker.restore();
      await rowA.getByRole('button', { name: '重试' }).click();
      await page.locator('.el-message--success').filter({ hasText: '已重试 1 条故障' }).waitFor();
      await rowA.waitFor({ state: 'detached' });
      await rowB.locator('.el-checkbox').click();
      await page.locator('[data-test="retry-selected"]').click();
      await page.locator('.el-message--success').filter({ hasText: '已重试 1 条故障' }).last().waitFor();
      await rowB.waitFor({ state: 'detached' });

      // then both cases continue to the village's 入户调查
      await taskOf(village, a.id, 'Task_HomeVisit', 60_000);
      await taskOf(village, b.id, 'Task_HomeVisit', 60_000);
      expect(((await admin.get('/api/incidents')).body.items as any[]).filter((i) => [a.caseNo, b.caseNo].includes(i.caseNo))).to.deep.equal([]);
      expectNoPageErrors(page);
      await page.context().close();
      for (const c of [a, b]) await clerk.post(`/api/cases/${c.id}/withdraw`, { reason: '浏览器测试结束，申请人撤回' });
    } finally {
      await worker.restore();
    }
  });
});
