import path from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { TaskFactRow } from '../../domain/entities/task-fact.entity.js';
import { thePlatform } from '../support/global-fixture.js';
import { loginAs } from '../support/http.js';
import { expectNoPageErrors, loginInBrowser, useBrowser } from '../support/browser.js';

const KEY = 'social-assistance-application';
const HOUR = 3600_000;

/** With SCREENSHOT_DIR set (docs/screenshots), the page is also saved as a picture for the docs. */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: path.join(dir, name), fullPage: true });
}

describe('浏览器 / 流程监控热力：协调员按等待时间给环节着色', function () {
  this.timeout(90_000);
  const chrome = useBrowser();

  it('with 入户调查 taking days and 民主评议 hours in the last week, the heat view colours each and shows the server’s average and p90', async () => {
    const p = thePlatform();
    const now = Date.now();
    const fact = (i: number, taskKey: string, taskName: string, hours: number) => ({
      taskId: `heatui-${taskKey}-${i}-${now}`,
      processInstanceId: `heatui-pi-${i}`,
      processKey: KEY,
      taskKey,
      taskName,
      candidateGroups: ['unit:139901100201:village'],
      assignee: null,
      createdAt: new Date(now - (i + 1) * 6 * HOUR - hours * HOUR),
      dueAt: null,
      completedAt: new Date(now - (i + 1) * 6 * HOUR),
      late: false,
    });
    const rows = [...Array.from({ length: 5 }, (_, i) => fact(i, 'Task_HomeVisit', '入户调查', 60 + 10 * i)), ...Array.from({ length: 5 }, (_, i) => fact(i, 'Task_DemocraticReview', '民主评议', 2 + i))];
    await p.ds.getRepository(TaskFactRow).insert(rows);
    try {
      const page = await chrome.newPage({ width: 1440, height: 900 });
      await loginInBrowser(page, 'coordinator');
      await page.goto('/monitor');
      await page.locator(`.mon-diagram[data-state="ready"][data-process="${KEY}"]`).waitFor();
      // when the coordinator turns the heat view on for the last 7 days
      await page.locator('[data-test="heat-switch"]').click();
      await page.getByText('近 7 天').click();
      const visit = page.locator('.dd-heat[data-activity="Task_HomeVisit"]');
      await visit.waitFor();
      // then each step shows what the server computed, coloured by its level
      const api = (await (await loginAs('coordinator')).get(`/api/monitor/${KEY}/heat?from=${new Date(now - 7 * 24 * HOUR).toISOString()}`)).body.activities as any[];
      const expected = api.find((a) => a.activityId === 'Task_HomeVisit');
      expect(Number(await visit.getAttribute('data-avg-ms'))).to.be.closeTo(expected.avgMs, HOUR);
      expect(Number(await visit.getAttribute('data-p90-ms'))).to.be.closeTo(expected.p90Ms, HOUR);
      expect(await visit.innerText()).to.match(/^均 .+ · P90 .+$/);
      const level = await visit.getAttribute('data-level');
      expect(await page.locator('.djs-element[data-element-id="Task_HomeVisit"]').getAttribute('class')).to.contain(`dd-heat-${level}`);
      expect(await page.locator('.dd-heat[data-activity="Task_DemocraticReview"]').count()).to.equal(1);
      await shot(page, '133-monitor-heat.png');
      // and turning it off brings back the live counts
      await page.locator('[data-test="heat-switch"]').click();
      await visit.waitFor({ state: 'detached' });
      expectNoPageErrors(page);
      await page.context().close();
    } finally {
      await p.ds.getRepository(TaskFactRow).delete(rows.map((x) => x.taskId));
    }
  });
});
