/**
 * 家庭情况变更: after registration the window corrects a household's facts
 * (a member's disability certificate, schooling, illness, employment,
 * 建档立卡/监测; the household's disaster impact) — validated as at
 * registration, within the window's jurisdiction, and audited.
 */
import { expect } from 'chai';
import { Unit } from '../../domain/entities/unit.entity.js';
import { makeIdNumber } from '../../domain/idcard.js';
import { thePlatform } from '../support/global-fixture.js';
import { loginAs } from '../support/http.js';
import { newApplication, register, settleCases } from '../support/application.js';
import { seedSecondCounty } from '../support/second-county.js';

/** A household of the head (born 1972) and a child born in 2023, registered for 低保 in the village given. */
async function registered(villageCode = '139901100201') {
  const clerk = (await loginAs('clerk'))!;
  const app = newApplication({ incomeYuan: 0, types: ['dibao'] });
  const child = makeIdNumber('139901', '20230315', String(700 + Math.floor(Math.random() * 299)));
  app.household.villageCode = villageCode;
  (app.household.members as object[]).push({ name: '褚小宝', idNumber: child, relation: '子女' });
  const c = await register(clerk, app);
  const file = (await clerk.get(`/api/cases/${c.id}`)).body;
  const head = file.household.members.find((m: any) => m.relation === '本人');
  const kid = file.household.members.find((m: any) => m.relation === '子女');
  return { clerk, c, file, head, kid };
}

const noFacts = { disabilityLevel: null, schoolingStage: 'none', seriousIllness: false, employment: 'not_applicable', povertyStatus: 'none' };

describe('家庭情况变更 / 登记后更正家庭情况', function () {
  this.timeout(120_000);
  const opened: string[] = [];
  after(async () => settleCases(opened));

  it('窗口更正成员残疾、监测和受灾情况：案卷显示新的家庭情况，办理记录和审计日志留痕（不记录具体情况）', async () => {
    const { clerk, c, file, head, kid } = await registered();
    opened.push(c.id);
    // when the window records the head's new disability certificate, the household's monitoring status and flood damage
    const r = await clerk.put(`/api/households/${file.household.id}/facts`, {
      disasterImpact: 'house_damaged',
      reason: '户主新办残疾人证，汛期房屋受损',
      members: [
        { memberId: head.id, ...noFacts, disabilityLevel: 2, employment: 'unable', povertyStatus: 'monitored' },
        { memberId: kid.id, ...noFacts },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body).to.deep.include({ changedMembers: 1, disasterImpactChanged: true });
    // then the case file shows them
    const after = (await clerk.get(`/api/cases/${c.id}`)).body;
    expect(after.household.disasterImpactName).to.equal('房屋受损');
    expect(after.household.members.find((m: any) => m.id === head.id).factNames).to.deep.equal(['残疾人证二级', '丧失劳动能力', '防返贫监测对象']);
    expect(after.timeline.map((e: any) => [e.step, e.opinion])).to.deep.include(['家庭情况变更', '变更1 名成员的情况和受灾情况：户主新办残疾人证，汛期房屋受损']);
    // and the audit log names who changed which fields of whom, never the facts themselves
    const admin = (await loginAs('admin'))!;
    const audit = (await admin.get('/api/admin/audit?action=facts&outcome=ok&pageSize=100')).body.items as any[];
    const line = audit.find((a) => a.target === file.household.householdNo);
    expect(line, JSON.stringify(audit.slice(0, 3))).to.not.equal(undefined);
    expect(line.username).to.equal('clerk');
    const detail = typeof line.detail === 'string' ? JSON.parse(line.detail) : line.detail;
    expect(detail.members).to.deep.equal([{ memberId: head.id, fields: ['disabilityLevel', 'employment', 'povertyStatus'] }]);
    expect(JSON.stringify(line.detail)).to.not.contain('monitored');
  });

  it('与年龄矛盾或不存在的情况：4xx，家庭情况不变', async () => {
    const { clerk, c, file, head, kid } = await registered();
    opened.push(c.id);
    const put = (members: object[], disasterImpact = 'none') => clerk.put(`/api/households/${file.household.id}/facts`, { disasterImpact, reason: '核对后更正家庭情况', members });
    // a 3-year-old in junior secondary school
    const school = await put([
      { memberId: head.id, ...noFacts },
      { memberId: kid.id, ...noFacts, schoolingStage: 'junior' },
    ]);
    expect([school.status, school.body.code, school.body.field]).to.deep.equal([400, 'MEMBERS_SCHOOLING_STAGE_INVALID', 'members.1.schoolingStage']);
    expect(school.body.message).to.match(/周岁的成员不可能在读初中/);
    // a 3-year-old unemployed
    const job = await put([
      { memberId: head.id, ...noFacts },
      { memberId: kid.id, ...noFacts, employment: 'unemployed' },
    ]);
    expect([job.status, job.body.code]).to.deep.equal([400, 'MEMBERS_EMPLOYMENT_INVALID']);
    // a disability level that does not exist
    const level = await put([
      { memberId: head.id, ...noFacts, disabilityLevel: 5 },
      { memberId: kid.id, ...noFacts },
    ]);
    expect([level.status, level.body.code]).to.deep.equal([400, 'MEMBERS_DISABILITY_LEVEL_INVALID']);
    // a member left out, or one of another household
    const missing = await put([{ memberId: head.id, ...noFacts, seriousIllness: true }]);
    expect([missing.status, missing.body.code]).to.deep.equal([400, 'MEMBERS_INVALID']);
    // nothing changed: neither the valid head line sent with the refused ones nor the disaster impact
    const bad = await put(
      [
        { memberId: head.id, ...noFacts, seriousIllness: true },
        { memberId: kid.id, ...noFacts, schoolingStage: 'senior' },
      ],
      'house_destroyed',
    );
    expect(bad.status).to.equal(400);
    const after = (await clerk.get(`/api/cases/${c.id}`)).body;
    expect(after.household.members.flatMap((m: any) => m.factNames)).to.deep.equal([]);
    expect(after.household.disasterImpactName).to.equal('未受灾');
    expect(after.timeline.map((e: any) => e.step)).to.not.include('家庭情况变更');
  });

  it('只有受理窗口可以变更，且只能变更本辖区的家庭：村级专干、部门经办人、协调员、其他乡镇和其他县的窗口被拒绝', async () => {
    // given a household of a village in another township of the county, registered by the county window
    const units = thePlatform().ds.getRepository(Unit);
    await units.upsert(
      [
        { code: '139901109', name: '安宁镇', level: 'township', parentCode: '139901' },
        { code: '139901109201', name: '安宁村', level: 'village', parentCode: '139901109' },
      ],
      ['code'],
    );
    const { c, file, head, kid } = await registered('139901109201');
    opened.push(c.id);
    const body = {
      disasterImpact: 'property_loss',
      reason: '核对后更正家庭情况',
      members: [
        { memberId: head.id, ...noFacts, seriousIllness: true },
        { memberId: kid.id, ...noFacts },
      ],
    };
    // when the 幸福镇 window tries: refused, the household is not in its jurisdiction
    const town = (await loginAs('clerk_town'))!;
    const r = await town.put(`/api/households/${file.household.id}/facts`, body);
    expect([r.status, r.body.code]).to.deep.equal([403, 'HOUSEHOLD_OUT_OF_AREA']);
    // and the window of another county
    await seedSecondCounty();
    const other = (await loginAs('clerk_c2'))!;
    const r2 = await other.put(`/api/households/${file.household.id}/facts`, body);
    expect([r2.status, r2.body.code]).to.deep.equal([403, 'HOUSEHOLD_OUT_OF_AREA']);
    // and roles that do not register households are refused whatever the household
    for (const u of ['village_heping', 'handler_civil', 'coordinator', 'leader']) {
      const b = (await loginAs(u))!;
      expect((await b.put(`/api/households/${file.household.id}/facts`, body)).status, u).to.equal(403);
    }
    // nothing changed
    const after = (await (await loginAs('clerk'))!.get(`/api/cases/${c.id}`)).body;
    expect(after.household.members.flatMap((m: any) => m.factNames)).to.deep.equal([]);
  });
});
