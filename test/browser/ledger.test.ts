import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { Recipient } from '../../domain/entities/money.entity.js';
import { expectNoPageErrors, loginInBrowser, useBrowser } from '../support/browser.js';
import { thePlatform } from '../support/global-fixture.js';
import { givenRecipient } from '../support/payroll.js';

/** With SCREENSHOT_DIR set (docs/screenshots), the pages are also saved as pictures for the docs. */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: path.join(dir, name), fullPage: true });
}

/** Picks an option of the toolbar's filter that now shows `current`. */
async function filter(page: Page, current: string, option: string): Promise<void> {
  await page.locator('.toolbar .el-select').filter({ hasText: current }).click();
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: option }).first().click();
}

/** The table's rows as the user reads them (cell texts, trimmed). */
async function tableRows(page: Page): Promise<string[][]> {
  await page
    .locator('.ledger-table .el-loading-mask')
    .waitFor({ state: 'hidden' })
    .catch(() => undefined);
  return page.locator('.ledger-table .el-table__body tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
}

/** Clicks 导出 Excel and returns the first sheet's data rows as the page would show them (amounts with two decimals). */
async function exportedRows(page: Page): Promise<string[][]> {
  const dl = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  const file = await (await dl).path();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fs.readFileSync(file!) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: string[][] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    rows.push(
      Array.from({ length: ws.columnCount }, (_, i) => {
        const v = row.getCell(i + 1).value;
        return typeof v === 'number' && i === 5 ? v.toFixed(2) : String(v ?? '');
      }),
    );
  });
  return rows;
}

describe('浏览器 / 乡镇台账与村级名册：筛选、导出、打印，手机上的村级名册', function () {
  this.timeout(180_000);
  const chrome = useBrowser();

  it('乡镇经办人从菜单打开台账，按类别筛选（条件留在地址栏），导出的 Excel 与表格一致，打印页以乡镇名称和日期为表头', async () => {
    const a = await givenRecipient({ name: '卫演示台', size: 2, perCapitaYuan: 100 });
    const b = await givenRecipient({ name: '卫演示暂', village: '139901100202' });
    await thePlatform().ds.getRepository(Recipient).update({ id: b.recipient.id }, { status: 'suspended' });
    await givenRecipient({ name: '卫演示特', kind: 'tekun' });
    const page = await chrome.newPage();
    await loginInBrowser(page, 'handler_township');
    await page.getByRole('menuitem', { name: '乡镇台账' }).click();
    await page.waitForURL('**/ledger/139901100');
    await page.getByRole('heading', { name: '乡镇台账：幸福镇' }).waitFor();
    await page.goto('/ledger/139901100?pageSize=100');
    await page.locator('.ledger-table').getByText(a.household.householdNo).waitFor();
    const all = await tableRows(page);
    expect(all.find((r) => r[0] === a.household.householdNo)).to.deep.equal([a.household.householdNo, '卫***', '和平村', '农村低保', '2', '1000.00', '2026-01', '在保', '', '']);
    expect(all.find((r) => r[0] === b.household.householdNo)?.slice(2, 8)).to.deep.equal(['团结村', '农村低保', '1', '600.00', '2026-01', '暂停']);
    expect(await exportedRows(page)).to.deep.equal(all);
    await shot(page, '110-township-ledger.png');

    // when: only 农村低保 在保 — the filters go into the URL, and the export follows them
    await filter(page, '全部类别', '农村低保');
    await page.waitForURL(/kind=dibao_rural/);
    await filter(page, '全部状态', '在保');
    await page.waitForURL(/status=active/);
    await page.locator('.ledger-table').getByText(b.household.householdNo).waitFor({ state: 'detached' });
    const filtered = await tableRows(page);
    expect(filtered.map((r) => r[0]))
      .to.include(a.household.householdNo)
      .and.not.include(b.household.householdNo);
    expect(filtered.every((r) => r[3] === '农村低保' && r[7] === '在保')).to.equal(true);
    expect(await exportedRows(page)).to.deep.equal(filtered);
    // a reload keeps the filters
    await page.reload();
    await page.locator('.ledger-table').getByText(a.household.householdNo).waitFor();
    expect(await tableRows(page)).to.deep.equal(filtered);

    // then: the print sheet, A4 landscape, headed by the township and today's date, with the same rows
    await page.getByRole('button', { name: '打印' }).click();
    await page.waitForURL(/\/print\/ledger\/township\/139901100\?.*kind=dibao_rural/);
    const sheet = page.locator('[data-test=ledger-sheet]');
    await sheet.getByRole('heading', { name: '幸福镇社会救助台账' }).waitFor();
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    expect(await sheet.locator('.meta').innerText())
      .to.contain(`打印日期：${today}`)
      .and.contain('农村低保，在保');
    const printed = await sheet.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(1).map((td) => (td.textContent ?? '').trim())));
    expect(printed).to.deep.equal(filtered);
    await page.emulateMedia({ media: 'print' });
    await shot(page, '111-township-ledger-print.png');
    await page.emulateMedia({ media: 'screen' });
    expectNoPageErrors(page);
  });

  it('手机（390×844）：村级专干从菜单打开本村名册，只见本村的户；打开外村名册被告知无权查看', async () => {
    const mine = await givenRecipient({ name: '卫演示村' });
    const other = await givenRecipient({ name: '卫演示外', village: '139901100202' });
    const page = await chrome.newPage({ width: 390, height: 844 });
    await loginInBrowser(page, 'village_heping');
    await page.getByRole('button', { name: '打开菜单' }).click();
    await page.locator('.menu-drawer').getByRole('menuitem', { name: '村级名册' }).click();
    await page.waitForURL('**/roster/139901100201');
    await page.locator('.ledger-table').getByText(mine.household.householdNo).waitFor();
    const rows = await tableRows(page);
    expect(rows.map((r) => r[0])).to.not.include(other.household.householdNo);
    expect(rows.every((r) => r[2] === '和平村')).to.equal(true);
    await shot(page, '112-phone-village-roster.png');

    await page.goto('/roster/139901100202');
    await page.getByText('无权查看该村名册').first().waitFor();
    expect(await page.locator('.ledger-table').getByText(other.household.householdNo).count()).to.equal(0);
    expectNoPageErrors(page);
  });
});
