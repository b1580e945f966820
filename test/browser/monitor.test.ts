import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { loginAs, waitFor, type Browser as HttpClient } from '../support/http.js';
import { taskOf } from '../support/application.js';
import { expectNoPageErrors, expectSameDocument, loginInBrowser, markDocument, registerByApi, useBrowser, waitForRealtime, withdrawCase } from '../support/browser.js';

const KEY = 'social-assistance-application';

/** The running count the monitor's badge shows on an activity (no badge: 0). */
const shownRunning = (page: Page, activityId: string) => page.evaluate((id) => Number(document.querySelector(`.dd-mon[data-activity="${id}"]`)?.getAttribute('data-running') ?? 0), activityId);
const shownTotal = (page: Page) => page.evaluate(() => document.querySelector('[data-stat="instances"]')?.getAttribute('data-value') ?? '');

describe('浏览器 / 流程监控：协调员不刷新页面即看到入户调查的在办数量变化', function () {
  this.timeout(60_000);
  const chrome = useBrowser();
  let clerkApi: HttpClient;
  let created: { id: string; caseNo: string } | undefined;

  before(async () => {
    clerkApi = await loginAs('clerk');
  });
  after(async () => {
    if (created) await withdrawCase(clerkApi, created.id);
  });

  it('the 入户调查 badge goes up by one when an application is registered, and the activity lists the new case', async () => {
    const coordinatorApi = await loginAs('coordinator');
    const villageApi = await loginAs('village_heping');
    const page = await chrome.newPage();
    await loginInBrowser(page, 'coordinator');
    await page.getByRole('menuitem', { name: '流程监控' }).click();
    await page.waitForURL('**/monitor');
    await page.locator(`.mon-diagram[data-state="ready"][data-process="${KEY}"]`).waitFor();
    await page.locator('[data-stat="instances"]:not([data-value=""])').waitFor();
    await waitForRealtime(page);
    expect(await page.locator('.djs-element[data-element-id="Task_HomeVisit"]').count(), 'diagram draws 入户调查').to.equal(1);

    // what the page shows is what the server counts
    const api = async () => (await coordinatorApi.get(`/api/monitor/${KEY}`)).body;
    const apiRunning = (c: any) => c.activities.find((a: any) => a.activityId === 'Task_HomeVisit')?.running ?? 0;
    const before = await shownRunning(page, 'Task_HomeVisit');
    expect(before).to.equal(apiRunning(await api()));
    const mark = await markDocument(page);

    created = await registerByApi(clerkApi, '钱监控');
    await taskOf(villageApi, created.id, 'Task_HomeVisit');
    await waitFor('badge +1', async () => (await shownRunning(page, 'Task_HomeVisit')) === before + 1, 20_000);
    await expectSameDocument(page, mark);
    const badge = page.locator('.dd-mon[data-activity="Task_HomeVisit"]');
    expect(await badge.locator('.dd-mon-running').innerText()).to.equal(String(before + 1));
    // coloured by lateness (the new task is within its limit; older ones may be late on the demo time scale)
    const lateness = await badge.getAttribute('data-lateness');
    expect(lateness).to.be.oneOf(['none', 'some', 'most']);
    expect(await page.locator('.djs-element[data-element-id="Task_HomeVisit"]').getAttribute('class')).to.contain(`dd-mon-${lateness}`);
    // the process total follows the server's
    await waitFor('total', async () => (await shownTotal(page)) === String((await api()).total), 10_000);

    // clicking the activity lists the instances waiting there, each leading to its case file
    await badge.click();
    const panel = page.locator('.panel[data-activity="Task_HomeVisit"]');
    await panel.waitFor();
    expect(await panel.locator('.panel-title').innerText()).to.equal('入户调查');
    const link = panel.locator('a.inst-case').filter({ hasText: created.caseNo });
    await link.waitFor();
    expect(await link.getAttribute('href')).to.equal(`/cases/${created.id}`);
    expect(await panel.locator('li.inst').count()).to.equal(before + 1);
    await link.click();
    await page.waitForURL(`**/cases/${created.id}`);
    await page.locator('h1').filter({ hasText: created.caseNo }).waitFor();
    expectNoPageErrors(page);
    await page.context().close();
  });
});
