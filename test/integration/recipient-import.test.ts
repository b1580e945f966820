import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { idNumberIndex } from '../../domain/crypto/pii.js';
import { IMPORT_COLUMNS } from '../../domain/services/recipient-import.service.js';
import { makeIdNumber } from '../../domain/idcard.js';
import { thePlatform } from '../support/global-fixture.js';
import { loginAs } from '../support/http.js';
import { gbk, upload } from '../support/payroll.js';

let seq = 0;
/** One line of a county's export: 农村低保 of 2 with 100 yuan per-capita income → (600 − 100) × 2 = 1000 yuan. */
function line(over: Partial<Record<(typeof IMPORT_COLUMNS)[number], string>> = {}): Record<string, string> {
  const id = makeIdNumber('139901', '19550505', String(100 + seq++).padStart(3, '0'));
  return {
    户主姓名: '褚演示导',
    户主身份证号: id,
    家庭人口: '2',
    救助类别: '农村低保',
    护理等级: '',
    '家庭月人均收入（元）': '100',
    '月保障金额（元）': '1000.00',
    起始月份: '2026-02',
    乡镇: '幸福镇',
    村: '团结村',
    银行卡号: '6217000012345678',
    联系电话: '',
    家庭住址: '团结村演示路 1 号',
    ...over,
  };
}
const csv = (rows: Record<string, string>[]) => [IMPORT_COLUMNS.join(','), ...rows.map((r) => IMPORT_COLUMNS.map((c) => r[c] ?? '').join(','))].join('\r\n');
const count = async () => Number((await thePlatform().ds.query(`SELECT count(*)::int AS n FROM recipient`))[0].n);

describe('在保对象批量导入：逐行校验，全部导入或全部不导入，加密并建索引，附导入报告', function () {
  this.timeout(60_000);

  it('县民政导入一个 GBK 的名册：三户进入在保名册，身份证号加密存放、可按号查到，报告按乡镇和类别汇总', async () => {
    const civil = await loginAs('handler_civil');
    const rows = [line(), line({ 户主姓名: '褚演示特', 家庭人口: '1', 救助类别: '特困供养', 护理等级: '全护理', '家庭月人均收入（元）': '', '月保障金额（元）': '1575' }), line({ 村: '和平村' })];
    const before = await count();
    const r = await upload(civil, '/api/recipients/import', gbk(csv(rows)));
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.imported).to.equal(3);
    expect(r.body.amountYuan).to.equal(3575);
    expect(r.body.groups).to.deep.include({ township: '幸福镇', kind: '农村低保', households: 2, amountYuan: 2000 });
    expect(await count()).to.equal(before + 3);
    const [h] = await thePlatform().ds.query(`SELECT h.head_id_enc, r.kind, r.care_level, r.monthly_amount_fen, r.village_code FROM household h JOIN recipient r ON r.household_id = h.id WHERE h.head_id_hash = $1`, [
      idNumberIndex(rows[1]!['户主身份证号']!),
    ]);
    expect(h).to.include({ kind: 'tekun', care_level: 'full', monthly_amount_fen: 157_500, village_code: '139901100202' });
    expect(h.head_id_enc).not.to.contain(rows[1]!['户主身份证号']);
    // the same people again: refused, one person is in one household
    const again = await upload(civil, '/api/recipients/import', gbk(csv([line(), { ...rows[0]! }])));
    expect([again.status, again.body.code]).to.deep.equal([400, 'IMPORT_PERSON_EXISTS']);
    expect(again.body.message).to.contain('第 3 行');
  });

  it('有一行不对整份不导入，错误指明行号：校验码、同一人两行、类别、金额与标准不符、外县的乡镇；XLSX 同样校验', async () => {
    const civil = await loginAs('handler_civil');
    const good = line();
    const badId = good['户主身份证号']!.slice(0, 17) + (good['户主身份证号']!.endsWith('0') ? '1' : '0');
    const cases: [string, Record<string, string>[], string][] = [
      ['IMPORT_ID_INVALID', [line(), line({ 户主身份证号: badId })], '第 3 行'],
      ['IMPORT_PERSON_DUPLICATE', [good, line(), { ...good }], '第 4 行'],
      ['IMPORT_KIND_INVALID', [line({ 救助类别: '低保' })], '第 2 行'],
      ['IMPORT_AMOUNT_MISMATCH', [line(), line({ '月保障金额（元）': '1200' })], '应为 1000.00 元'],
      ['IMPORT_TOWNSHIP_UNKNOWN', [line({ 乡镇: '别县镇' })], '第 2 行'],
    ];
    const before = await count();
    for (const [code, rows, where] of cases) {
      const r = await upload(civil, '/api/recipients/import', Buffer.from(`\uFEFF${csv(rows)}`, 'utf8'));
      expect([r.status, r.body.code], code).to.deep.equal([400, code]);
      expect(r.body.message, code).to.contain(where);
    }
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名册');
    ws.addRow([...IMPORT_COLUMNS]);
    ws.addRow(IMPORT_COLUMNS.map((c) => line()[c]));
    ws.addRow(IMPORT_COLUMNS.map((c) => line({ 家庭人口: '0' })[c]));
    const x = await upload(civil, '/api/recipients/import', Buffer.from(await wb.xlsx.writeBuffer()), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect([x.status, x.body.code]).to.deep.equal([400, 'IMPORT_SIZE_INVALID']);
    expect(x.body.message).to.contain('第 3 行');
    expect(await count(), 'nothing imported').to.equal(before);
    // only county civil affairs imports
    const township = await loginAs('handler_township');
    expect((await upload(township, '/api/recipients/import', gbk(csv([line()])))).status).to.equal(403);
  });
});
