/**
 * 决策表: every DMN decision deployed beside the processes, evaluated by the
 * real engine (POST /decision-definition/key/{key}/evaluate) against a table
 * of cases written the way the policy reads.
 */
import { expect } from 'chai';
import { DECISION } from '../../domain/engine/contract.js';
import { DOCUMENT_CODES, requiredDocuments } from '../../domain/documents.js';
import type { AssistanceType } from '../../domain/entities/assistance-case.entity.js';
import { thePlatform } from '../support/global-fixture.js';
import { loginAs } from '../support/http.js';

const engine = () => thePlatform().engine;

const NO_FACTS = { disabledMember: false, pupilMember: false, seriousIllnessMember: false, unemployedMember: false, povertyMonitored: false, disasterAffected: false };

describe('决策表（DMN，由流程引擎求值）', function () {
  this.timeout(30_000);

  describe('低保/特困资格认定（核对之后，当月标准作为输入）', () => {
    const clean = { vehicleFound: false, propertyFound: false, depositsFound: false };
    const cases: [string, Record<string, unknown>, boolean, string][] = [
      ['人均收入 500 元，标准 600 元，无财产：符合', { perCapitaIncomeFen: 50_000, standardFen: 60_000, ...clean }, true, 'ELIGIBLE'],
      ['人均收入恰好等于标准：不符合（须低于标准）', { perCapitaIncomeFen: 60_000, standardFen: 60_000, ...clean }, false, 'INCOME_ABOVE_STANDARD'],
      ['人均收入 750 元，标准 600 元：不符合', { perCapitaIncomeFen: 75_000, standardFen: 60_000, ...clean }, false, 'INCOME_ABOVE_STANDARD'],
      ['同样 750 元，标准调到 800 元后：符合（标准由流程传入，不写死）', { perCapitaIncomeFen: 75_000, standardFen: 80_000, ...clean }, true, 'ELIGIBLE'],
      ['收入低于标准但名下有机动车辆：不符合', { perCapitaIncomeFen: 10_000, standardFen: 60_000, ...clean, vehicleFound: true }, false, 'VEHICLE_FOUND'],
      ['收入低于标准但另有商品房：不符合', { perCapitaIncomeFen: 10_000, standardFen: 60_000, ...clean, propertyFound: true }, false, 'PROPERTY_FOUND'],
      ['收入低于标准但存款超标：不符合', { perCapitaIncomeFen: 10_000, standardFen: 60_000, ...clean, depositsFound: true }, false, 'DEPOSITS_FOUND'],
      ['收入超标且有车：先告知收入理由（FIRST）', { perCapitaIncomeFen: 90_000, standardFen: 60_000, ...clean, vehicleFound: true }, false, 'INCOME_ABOVE_STANDARD'],
    ];
    for (const [title, vars, eligible, code] of cases) {
      it(title, async () => {
        const rows = await engine().evaluateDecision(DECISION.dibaoEligibility, vars);
        expect(rows).to.have.length(1);
        expect(rows[0]).to.include({ eligible, eligibilityCode: code });
        expect(String(rows[0]!.eligibilityReason)).to.match(eligible ? /低于当地低保标准/ : /不符合低保条件/);
      });
    }
  });

  describe('转介部门（COLLECT：家庭情况和申请类型）', () => {
    const cases: [string, string, Partial<typeof NO_FACTS>, string[]][] = [
      ['只申请低保、家庭无特殊情况：不转介', 'dibao', {}, []],
      ['残疾成员、在学子女、重病成员：残联、教育、卫健', 'dibao', { disabledMember: true, pupilMember: true, seriousIllnessMember: true }, ['dpf', 'edu', 'health']],
      ['申请医疗救助且有重病成员：卫健（两条理由）', 'dibao,medical', { seriousIllnessMember: true }, ['health', 'health']],
      ['申请住房、就业救助：住建、人社', 'housing,employment', {}, ['housing', 'hrss']],
      ['劳动年龄内失业成员：人社', 'dibao', { unemployedMember: true }, ['hrss']],
      ['建档立卡/防返贫监测户：乡村振兴', 'dibao', { povertyMonitored: true }, ['rural']],
      ['受灾家庭：应急管理', 'temporary', { disasterAffected: true }, ['emergency']],
      ['申请残疾人补贴：残联', 'disability', {}, ['dpf']],
      ['申请教育救助：教育', 'education', {}, ['edu']],
    ];
    for (const [title, types, facts, departments] of cases) {
      it(title, async () => {
        const rows = await engine().evaluateDecision(DECISION.caseReferrals, { assistanceTypes: types, ...NO_FACTS, ...facts });
        expect(rows.map((r) => r.department).sort()).to.deep.equal([...departments].sort());
        for (const r of rows) expect(String(r.reason)).to.match(/[\u4e00-\u9fa5]{4,}/u);
      });
    }
  });

  describe('申请材料（COLLECT：按救助类型）', () => {
    const kinds: AssistanceType[][] = [['dibao'], ['medical'], ['dibao', 'education', 'disability'], ['housing', 'employment'], ['temporary'], ['tekun', 'medical', 'education', 'housing', 'employment', 'disability']];
    for (const types of kinds) {
      it(`${types.join('+')}：基本材料加各类型材料，与窗口一次性告知清单一致`, async () => {
        const rows = await engine().evaluateDecision(DECISION.applicationDocuments, { assistanceTypes: types.join(',') });
        const codes = rows.map((r) => String(r.documentCode));
        expect(codes.every((c) => (DOCUMENT_CODES as string[]).includes(c))).to.equal(true);
        expect([...codes].sort()).to.deep.equal([...requiredDocuments(types)].sort());
      });
    }
  });

  describe('临时救助审批层级与先行救助（UNIQUE，乡镇限额作为输入）', () => {
    const cases: [string, number, number, boolean, string, boolean][] = [
      ['800 元，限额 1000 元：乡镇审批', 80_000, 100_000, false, 'township', false],
      ['恰好 1000 元：乡镇审批', 100_000, 100_000, false, 'township', false],
      ['3000 元：县民政审批', 300_000, 100_000, false, 'county', false],
      ['800 元，情况紧急：乡镇审批，先行救助', 80_000, 100_000, true, 'township', true],
      ['3000 元，情况紧急，超过乡镇审批限额（先行救助上限）：县级审批，审批后发放', 300_000, 100_000, true, 'county', false],
      ['限额调到 2000 元后 1500 元：乡镇审批（限额由设置传入）', 150_000, 200_000, false, 'township', false],
    ];
    for (const [title, amountFen, townshipLimitFen, emergency, level, payFirst] of cases) {
      it(title, async () => {
        const rows = await engine().evaluateDecision(DECISION.temporaryApproval, { amountFen, townshipLimitFen, emergency });
        expect(rows).to.have.length(1);
        expect(rows[0]).to.deep.equal({ approvalLevel: level, payFirst });
      });
    }
  });

  describe('决策表页面的数据：协调员、领导、管理员可读，其他人不可读', () => {
    it('the coordinator gets every decision as deployed; a village worker and a clerk are refused', async () => {
      const r = await (await loginAs('coordinator')).get('/api/decisions');
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      expect(r.body.items.map((d: any) => d.key).sort()).to.deep.equal(Object.values(DECISION).sort());
      expect(r.body.items.find((d: any) => d.key === DECISION.caseReferrals).xml).to.contain('hitPolicy="COLLECT"');
      for (const u of ['village_heping', 'clerk', 'handler_civil']) {
        const no = await (await loginAs(u)).get('/api/decisions');
        expect(no.status, u).to.equal(403);
      }
    });
  });
});
