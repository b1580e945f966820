/**
 * 浏览器 / 版本与迁移: the admin finds the versions of a process with the county's running
 * cases, opens the engine's migration plan for chosen cases, executes it, reads the result
 * per case; names the counterpart of a renamed step the engine's plan leaves out; and on
 * 办理时限 applies a step's limit to its running tasks.
 */
import { expect } from 'chai';
import { thePlatform } from '../support/global-fixture.js';
import { expectNoPageErrors, HEPING_VILLAGE, loginInBrowser, shot, useBrowser } from '../support/browser.js';
import { DRILL_KEY, NEW_STEP, RENAMED_STEP, deployDrill, removeDrill, startDrill } from '../support/migration.js';

describe('浏览器 / 版本与迁移：管理员查看版本、生成迁移方案并迁移运行中的案件', function () {
  this.timeout(180_000);
  const chrome = useBrowser();

  before(() => removeDrill());
  after(() => removeDrill());

  it('6 件运行在 v1 的案件：查看方案（入户复查 → 入户复查，新增“复查结果复核”），迁移选定的 4 件，结果逐件列出；其余 2 件迁到改了步骤标识的 v3（管理员指定对应步骤）；办理时限页应用到在办任务', async () => {
    const p = thePlatform();
    // given six cases on version 1 and a changed model deployed as version 2
    const v1 = await deployDrill(1);
    const ids = await startDrill(v1.id, 6, '139901', HEPING_VILLAGE);
    const v2 = await deployDrill(2);

    // when the admin opens 版本与迁移
    const page = await chrome.newPage();
    await loginInBrowser(page, 'admin');
    await page.getByRole('menuitem', { name: '版本与迁移' }).click();
    await page.waitForURL('**/admin/versions');
    const v1Row = page
      .locator('[data-test="process-versions"] .el-table__row')
      .filter({ hasText: DRILL_KEY })
      .filter({ hasText: `v${v1.version}` });
    // then version 1 shows its six running cases, version 2 is the latest
    await v1Row.waitFor();
    expect(await v1Row.innerText()).to.contain('6');
    await shot(page, '167-versions.png');

    // when the admin chooses four cases and generates the plan
    await page.locator(`[data-test="migrate-${DRILL_KEY}-v${v1.version}"]`).click();
    await page.locator('[data-test="scope-chosen"]').click();
    const rows = page.locator('.el-dialog .el-table__body-wrapper .el-table__row');
    await rows.first().waitFor();
    for (let k = 0; k < 4; k++) await rows.nth(k).locator('.el-checkbox').click();
    await page.locator('[data-test="make-plan"]').click();
    const mappings = page.locator('[data-test="plan-mappings"]');
    await mappings.waitFor();
    // then the plan shows each step's counterpart by its Chinese name, and the new step
    expect(await page.locator('.el-dialog').innerText())
      .to.contain('方案已通过流程引擎校验')
      .and.contain(NEW_STEP.name);
    expect(await mappings.locator('.el-table__row').filter({ hasText: '入户复查' }).first().innerText()).to.match(/入户复查[\s\S]*入户复查/);
    await shot(page, '168-migration-plan.png');

    // when the admin executes it
    await page.locator('[data-test="execute"]').click();
    const summary = page.locator('[data-test="migration-summary"]');
    await summary.filter({ hasText: '迁移已结束' }).waitFor({ timeout: 60_000 });
    // then four cases are on version 2 and two stay on version 1, as the result says case by case
    expect(await summary.innerText())
      .to.contain('已迁移 4 件')
      .and.contain('未迁移 0 件');
    expect(await page.locator('[data-test="migration-result"] .el-table__row').filter({ hasText: '已迁移' }).count()).to.equal(4);
    const defs = new Map((await p.engine.processInstancesById(ids)).map((x) => [x.id, x.definitionId]));
    expect(ids.filter((id) => defs.get(id) === v2.id)).to.have.length(4);
    expect(ids.filter((id) => defs.get(id) === v1.id)).to.have.length(2);
    await shot(page, '169-migration-result.png');
    await page.getByRole('button', { name: '关闭', exact: true }).click();

    // and the record is listed under 迁移记录
    await page.locator('.section-switch').getByText('迁移记录').click();
    await page
      .locator('.el-table__row')
      .filter({ hasText: `v${v1.version} → v${v2.version}` })
      .first()
      .waitFor();

    // when version 3 renames 入户复查 and the admin migrates the two other cases there, naming the counterpart the engine could not find
    await deployDrill(3);
    await page.locator('.section-switch').getByText('流程版本').click();
    await page.getByRole('button', { name: '刷新' }).click();
    await page.locator(`[data-test="migrate-${DRILL_KEY}-v${v1.version}"]`).click();
    await page.locator('[data-test="make-plan"]').click();
    await page.locator('[data-test="map-Task_ReviewVisit"]').click();
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: RENAMED_STEP.name }).click();
    await page.locator('.el-dialog').getByText('管理员指定').waitFor();
    await page.locator('.el-dialog').getByText('方案已通过流程引擎校验').waitFor();
    await page.locator('[data-test="execute"]').click();
    await summary.filter({ hasText: '迁移已结束' }).waitFor({ timeout: 60_000 });
    // then both are on version 3
    expect(await summary.innerText()).to.contain('已迁移 2 件');
    await page.getByRole('button', { name: '关闭', exact: true }).click();

    // on 办理时限, the admin applies 入户复查's limit to its running tasks
    await page.getByRole('menuitem', { name: '办理时限' }).click();
    await page.waitForURL('**/admin/time-limits');
    await page.locator('[data-test="apply-Task_ReviewVisit"]').click();
    await page.locator('.el-message-box').getByRole('button', { name: '应用' }).click();
    await page
      .locator('.el-message--success')
      .filter({ hasText: /已重算 \d+ 个在办任务的期限|当前没有在办任务/ })
      .waitFor();
    expectNoPageErrors(page);
    await page.context().close();
  });
});
