import ExcelJS from 'exceljs';
import { expect } from 'chai';
import { Recipient } from '../../domain/entities/money.entity.js';
import { TemporaryPayment } from '../../domain/entities/temporary.entity.js';
import { Unit } from '../../domain/entities/unit.entity.js';
import { LEDGER_COLUMNS, type LedgerRow } from '../../domain/services/views.js';
import { thePlatform } from '../support/global-fixture.js';
import { loginAs, newAccount, waitFor, type Browser } from '../support/http.js';
import { newApplication } from '../support/application.js';
import { download, givenRecipient } from '../support/payroll.js';

const TOWNSHIP = '139901100';
const HEPING = '139901100201';
const TUANJIE = '139901100202';

/** The rows of an exported workbook's first sheet, header row first, empty cells as ''. */
async function sheetRows(buf: Buffer): Promise<(string | number)[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const out: (string | number)[][] = [];
  ws.eachRow((row) => out.push(LEDGER_COLUMNS.map((_, i) => (row.getCell(i + 1).value ?? '') as string | number)));
  return out;
}

/** What the page shows, as the export's rows. */
const asSheet = (items: LedgerRow[]) => [LEDGER_COLUMNS.map((c) => c.label), ...items.map((r) => LEDGER_COLUMNS.map((c) => r[c.key] ?? ''))];

/** The whole list as the page reads it, and the export with the same filters. */
async function pageAndExport(b: Browser, path: string, filters: string) {
  const page = await b.get(`${path}?pageSize=10000${filters ? `&${filters}` : ''}`);
  expect(page.status, JSON.stringify(page.body)).to.equal(200);
  const file = await download(b, `${path}/xlsx${filters ? `?${filters}` : ''}`);
  expect(file.status).to.equal(200);
  expect(file.type).to.contain('spreadsheetml');
  return { page: page.body as { total: number; items: LedgerRow[]; township: { name: string } }, sheet: await sheetRows(file.buf) };
}

describe('乡镇台账与村级名册（政策第六条：乡镇有台账、村有名册、户有救助证）', function () {
  this.timeout(90_000);
  let heping: Awaited<ReturnType<typeof givenRecipient>>;
  let hepingSuspended: Awaited<ReturnType<typeof givenRecipient>>;
  let tuanjie: Awaited<ReturnType<typeof givenRecipient>>;
  let temporaryHouseholdNo: string;

  before(async () => {
    // given: two 低保 households of 和平村 (one suspended), a 特困 one of 团结村, and a 临时救助 paid first (先行救助)
    heping = await givenRecipient({ name: '褚演示账', size: 3, perCapitaYuan: 100 });
    hepingSuspended = await givenRecipient({ name: '褚演示停' });
    await thePlatform().ds.getRepository(Recipient).update({ id: hepingSuspended.recipient.id }, { status: 'suspended' });
    tuanjie = await givenRecipient({ name: '褚演示团', kind: 'tekun', village: TUANJIE });
    const clerk = await loginAs('clerk');
    const { household } = newApplication({ incomeYuan: 0, types: ['temporary'] });
    const r = await clerk.post('/api/cases/temporary', { household, amountYuan: 800, emergency: true, reason: '家中突发火灾，基本生活暂时无法维持' });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    await waitFor('先行救助 paid', async () => (await thePlatform().ds.getRepository(TemporaryPayment).countBy({ caseId: r.body.id })) === 1);
    temporaryHouseholdNo = (await clerk.get(`/api/cases/${r.body.id}`)).body.household.householdNo;
  });

  it('乡镇经办人查看本乡镇台账：在保、暂停、特困和临时救助都在账上，户主姓名脱敏；导出的 Excel 与页面逐行一致', async () => {
    const township = await loginAs('handler_township');
    const { page, sheet } = await pageAndExport(township, `/api/ledger/${TOWNSHIP}`, '');
    expect(page.township.name).to.equal('幸福镇');
    const row = (no: string) => page.items.find((i) => i.householdNo === no);
    expect(row(heping.household.householdNo)).to.include({ headName: '褚***', villageName: '和平村', kindName: '农村低保', householdSize: 3, amountYuan: 1500, since: '2026-01', statusName: '在保' });
    expect(row(hepingSuspended.household.householdNo)).to.include({ statusName: '暂停' });
    expect(row(tuanjie.household.householdNo)).to.include({ villageName: '团结村', kindName: '特困供养' });
    expect(row(temporaryHouseholdNo)).to.include({ kindName: '临时救助', amountYuan: 800, statusName: '已发放' });
    expect(page.items.some((i) => i.headName.includes('演示'))).to.equal(false);
    expect(page.total).to.equal(page.items.length);
    expect(sheet).to.deep.equal(asSheet(page.items));
  });

  it('筛选（村、类别、状态）：页面和导出用同一组条件，结果一致', async () => {
    const civil = await loginAs('handler_civil');
    const byVillage = await pageAndExport(civil, `/api/ledger/${TOWNSHIP}`, `village=${TUANJIE}`);
    expect(byVillage.page.items.map((i) => i.villageName)).to.satisfy((v: string[]) => v.length > 0 && v.every((n) => n === '团结村'));
    expect(byVillage.sheet).to.deep.equal(asSheet(byVillage.page.items));
    const temporary = await pageAndExport(civil, `/api/ledger/${TOWNSHIP}`, 'kind=temporary');
    expect(temporary.page.items.map((i) => i.householdNo))
      .to.include(temporaryHouseholdNo)
      .and.not.include(heping.household.householdNo);
    expect(temporary.sheet).to.deep.equal(asSheet(temporary.page.items));
    const suspended = await pageAndExport(civil, `/api/ledger/${TOWNSHIP}`, 'status=suspended');
    // (other suites suspend recipients of this township too: every row is suspended, and ours is among them)
    expect(suspended.page.items.map((i) => i.householdNo)).to.include(hepingSuspended.household.householdNo);
    expect(suspended.page.items.every((i) => i.status === 'suspended')).to.equal(true);
    expect(suspended.sheet).to.deep.equal(asSheet(suspended.page.items));
  });

  it('村级专干查看本村名册，只有本村的户；导出与页面一致', async () => {
    const village = await loginAs('village_heping');
    const { page, sheet } = await pageAndExport(village, `/api/roster/${HEPING}`, '');
    const nos = page.items.map((i) => i.householdNo);
    expect(nos).to.include.members([heping.household.householdNo, hepingSuspended.household.householdNo, temporaryHouseholdNo]).and.not.include(tuanjie.household.householdNo);
    expect(page.items.every((i) => i.villageName === '和平村')).to.equal(true);
    expect(sheet).to.deep.equal(asSheet(page.items));
  });

  it('越权被拒：外村名册、乡镇台账（村级专干），外乡镇的台账，县直非救助部门 —— 页面和导出都是 403', async () => {
    // given: a second township of the county with its own worker
    await thePlatform()
      .ds.getRepository(Unit)
      .upsert([{ code: '139901101', name: '安宁镇', level: 'township', parentCode: '139901' }], ['code']);
    const other = await newAccount(`anning_${Date.now().toString(36)}`, 'handler', 'township', '139901101');
    const [village, health] = await Promise.all([loginAs('village_heping'), loginAs('handler_health')]);
    const refused: [Browser, string, string][] = [
      [village, `/api/roster/${TUANJIE}`, 'ROSTER_FORBIDDEN'],
      [village, `/api/ledger/${TOWNSHIP}`, 'LEDGER_FORBIDDEN'],
      [other.b, `/api/ledger/${TOWNSHIP}`, 'LEDGER_FORBIDDEN'],
      [other.b, `/api/roster/${HEPING}`, 'ROSTER_FORBIDDEN'],
      [health, `/api/ledger/${TOWNSHIP}`, 'LEDGER_FORBIDDEN'],
    ];
    for (const [b, path, code] of refused) {
      const r = await b.get(path);
      expect(r.status, path).to.equal(403);
      expect(r.body.code).to.equal(code);
      expect(r.body.message).to.match(/无权查看/);
      const file = await download(b, `${path}/xlsx`);
      expect(file.status, `${path}/xlsx`).to.equal(403);
    }
    // the other township's worker reads their own (empty) ledger
    const own = await other.b.get('/api/ledger/139901101');
    expect(own.status).to.equal(200);
    expect(own.body.items).to.deep.equal([]);
  });

  it('错误的条件：未知类别、别的乡镇的村、不存在的乡镇、村当乡镇 —— 400 并说明原因', async () => {
    const civil = await loginAs('handler_civil');
    const cases: [string, string][] = [
      [`/api/ledger/${TOWNSHIP}?kind=wubao`, 'KIND_INVALID'],
      [`/api/ledger/${TOWNSHIP}?village=139901101201`, 'VILLAGE_INVALID'],
      [`/api/ledger/${TOWNSHIP}?pageSize=0`, 'PAGE_SIZE_INVALID'],
      ['/api/ledger/139901999', 'UNIT_INVALID'],
      [`/api/ledger/${HEPING}`, 'UNIT_INVALID'],
      [`/api/roster/${TOWNSHIP}`, 'UNIT_INVALID'],
      [`/api/ledger/${TOWNSHIP}/xlsx?status=gone`, 'STATUS_INVALID'],
    ];
    for (const [path, code] of cases) {
      const r = await civil.get(path);
      expect(r.status, path).to.equal(400);
      expect(r.body.code, path).to.equal(code);
      expect(r.body.message, path).to.match(/[\u4e00-\u9fa5]/u);
    }
  });
});
