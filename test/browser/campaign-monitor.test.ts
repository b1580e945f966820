import path from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { ReliefCampaign } from '../../domain/entities/campaign.entity.js';
import { expectNoPageErrors, loginInBrowser, useBrowser } from '../support/browser.js';
import { thePlatform } from '../support/global-fixture.js';
import { loginAs, waitFor, type Browser } from '../support/http.js';
import { givenRecipient } from '../support/payroll.js';
import { seedSecondCounty } from '../support/second-county.js';

/** With SCREENSHOT_DIR set (docs/screenshots), the pages are also saved as pictures for the docs. */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: path.join(dir, name), fullPage: true });
}

/** A season no other test starts, older than theirs (the 冬春救助 page opens the newest season first). */
const SEASON = '2021-2022';

/** Moves an open task's due date into the past (as if its time limit had run out), through the engine's REST API. */
async function dueYesterday(taskId: string): Promise<void> {
  const { ENGINE_URL, ENGINE_USER, ENGINE_PASSWORD } = thePlatform().engineEnv;
  const headers = { Authorization: `Basic ${Buffer.from(`${ENGINE_USER}:${ENGINE_PASSWORD}`).toString('base64')}`, 'Content-Type': 'application/json' };
  const task = (await (await fetch(`${ENGINE_URL}/task/${taskId}`, { headers })).json()) as Record<string, unknown>;
  const due = new Date(Date.now() - 86_400_000).toISOString().replace('Z', '+0000');
  const res = await fetch(`${ENGINE_URL}/task/${taskId}`, { method: 'PUT', headers, body: JSON.stringify({ ...task, due }) });
  expect(res.status, `due date of ${taskId}`).to.equal(204);
}

async function surveyTask(b: Browser, id: string): Promise<string> {
  return waitFor('the survey task', async () => ((await b.get(`/api/campaigns/${id}`)).body.tasks as any[]).find((t) => t.taskKey === 'Task_VillageSurvey')?.taskId as string | undefined);
}

describe('浏览器 / 流程监控上的冬春救助进度：各乡镇的村已上报、逾期未报、待上报，点击进入冬春救助页', function () {
  this.timeout(180_000);
  const chrome = useBrowser();
  let campaignNo = '';
  after(async () => {
    // (a campaign left open would raise time-limit alerts during later files)
    if (campaignNo)
      await thePlatform()
        .engine.deleteStartedInstances(campaignNo, 1)
        .catch(() => undefined);
  });

  it('和平村按时上报、团结村超过时限未报：协调员在流程监控页看到幸福镇已上报 1、逾期未报 1，点击进入该季冬春救助；村级专干和外县协调员看不到本县进度', async () => {
    // given a campaign of the county, 和平村 has reported and 团结村's survey is past its time limit
    const [civil, heping, tuanjie] = await Promise.all(['handler_civil', 'village_heping', 'village_tuanjie'].map(loginAs));
    const started = await civil.post('/api/campaigns', { season: SEASON });
    expect(started.status, JSON.stringify(started.body)).to.equal(201);
    const id = started.body.id as string;
    campaignNo = (await thePlatform().ds.getRepository(ReliefCampaign).findOneByOrFail({ id })).campaignNo;
    const h = await givenRecipient({ name: '邓演示监' });
    const done = await heping.post(`/api/campaigns/${id}/tasks/${await surveyTask(heping, id)}/complete`, {
      items: [{ householdNo: h.household.householdNo, need: 'food', form: 'in_kind', description: '大米两袋' }],
      opinion: '已逐户走访，本村 1 户需要口粮',
    });
    expect(done.status, JSON.stringify(done.body)).to.equal(200);
    await dueYesterday(await surveyTask(tuanjie, id));

    // then the monitor's figures for 幸福镇 (the county's other townships have villages of their own, all still within their limit)
    const coordinator = await loginAs('coordinator');
    const progress = await coordinator.get('/api/monitor/campaigns');
    expect(progress.status, JSON.stringify(progress.body)).to.equal(200);
    const mine = (progress.body.items as any[]).find((c) => c.id === id);
    expect(mine).to.include({ season: SEASON, statusName: '进行中', reported: 1, late: 1 });
    expect(mine.pending).to.equal(mine.villages - 2);
    expect(mine.townships.find((t: any) => t.code === '139901100')).to.include({ name: '幸福镇', villages: 2, reported: 1, reportedLate: 0, late: 1, pending: 0, review: 'waiting' });

    // and nobody else reads them: a village worker is refused, another county's coordinator sees only their county's
    const refused = await heping.get('/api/monitor/campaigns');
    expect([refused.status, refused.body.code]).to.deep.equal([403, 'ROLE_FORBIDDEN']);
    await seedSecondCounty();
    const other = await (await loginAs('coordinator_c2')).get('/api/monitor/campaigns');
    expect(other.status).to.equal(200);
    expect((other.body.items as any[]).map((c) => c.id)).to.not.include(id);

    // when the coordinator opens 流程监控
    const page = await chrome.newPage({ width: 1440, height: 1000 });
    await loginInBrowser(page, 'coordinator');
    await page.goto('/monitor');
    const card = page.locator(`[data-test=monitor-campaign][data-campaign="${id}"]`);
    await card.waitFor();
    expect(await card.locator('.card-title').innerText()).to.contain(`${SEASON} 冬春救助`);
    expect(await card.locator('[data-stat=late] .stat-num').innerText()).to.equal('1');
    const row = card.locator('.el-table__row').filter({ hasText: '幸福镇' });
    const cells = await row.locator('td').allInnerTexts();
    expect(cells.map((c) => c.trim())).to.deep.equal(['幸福镇', '2', '1', '1', '0', '待各村上报']);
    expect(await row.locator('[data-col=late]').getAttribute('class')).to.contain('late-text');
    await card.scrollIntoViewIfNeeded();
    await shot(page, '170-monitor-campaign-progress.png');

    // and the campaign's own diagram: the village survey coloured by its waiting time from the task facts (和平村's report)
    await page.locator('.proc-pick').getByText('冬春救助').click();
    await page.locator('.mon-diagram[data-state="ready"][data-process="winter-spring-campaign"]').waitFor();
    await page.locator('[data-test="heat-switch"]').click();
    await page.locator('.dd-heat[data-activity="Task_VillageSurvey"]').waitFor();
    await shot(page, '171-monitor-campaign-heat.png');
    // (the survey's open tasks, listed from the diagram, lead to the campaign too)
    await page.locator('.el-table__row').filter({ hasText: '村级摸底：冬春救助需求' }).click();
    const late = page.locator('.inst.late').filter({ hasText: '查看冬春救助' });
    await late.waitFor();
    expect(await late.getByRole('link', { name: '查看冬春救助' }).getAttribute('href')).to.equal(`/campaigns?id=${id}`);

    // and drills down into the campaign's page
    await row.click();
    await page.waitForURL(`**/campaigns?id=${id}`);
    await page.locator('[data-test=campaign-progress] .el-table__row').filter({ hasText: '幸福镇' }).waitFor();
    expectNoPageErrors(page);
  });
});
