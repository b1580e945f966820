/**
 * 决策表修订: a coordinator proposes a new version of the 临时救助 approval table, the
 * engine checks it against its test cases and the last real evaluations, an admin
 * approves it, and it is deployed as a new version that new cases use.
 */
import { expect } from 'chai';
import { AuditEntry } from '../../domain/entities/audit-entry.entity.js';
import { DECISION } from '../../domain/engine/contract.js';
import { thePlatform } from '../support/global-fixture.js';
import { loginAs, type Browser } from '../support/http.js';
import { newApplication, noTask, taskOf } from '../support/application.js';
import { restoreDecision, snapshotDecision } from '../support/decisions.js';

const KEY = DECISION.temporaryApproval;

/** A 临时救助 request for a new household in 和平村. */
function request(amountYuan: number, emergency: boolean) {
  const { household } = newApplication({ incomeYuan: 0, types: ['temporary'] });
  return { household, amountYuan, emergency, reason: '家中突发火灾，基本生活暂时无法维持' };
}

/** The policy change: every request that is not urgent is approved by the county, whatever its amount. */
function countyApprovesAll(xml: string): string {
  return xml.replace('<outputEntry id="Rule_1_O1"><text>"township"</text></outputEntry>', '<outputEntry id="Rule_1_O1"><text>"county"</text></outputEntry>');
}

describe('决策表修订 / 协调员提出、管理员审批、引擎校验后部署新版本', function () {
  this.timeout(180_000);
  let snap: { xml: string; testCases: any[] };
  let original = '';
  let originalCases: any[] = [];
  let coordinator: Browser;
  let admin: Browser;

  before(async () => {
    [coordinator, admin] = await Promise.all([loginAs('coordinator'), loginAs('admin')]);
    snap = await snapshotDecision(coordinator, KEY);
    original = snap.xml;
    originalCases = snap.testCases;
  });

  // the rest of the run evaluates the table as shipped: deploy it back the same way
  after(() => restoreDecision(coordinator, admin, KEY, snap));

  it('a table that breaks a test case, does not parse, renames the decision or overlaps under UNIQUE is refused; fixed, approved by another person, deployed: new cases use it, running ones keep theirs', async () => {
    const p = thePlatform();
    const [clerk, civil, township, leader] = await Promise.all([loginAs('clerk'), loginAs('handler_civil'), loginAs('handler_township'), loginAs('leader')]);
    const versionBefore = (await p.engine.decisionDefinition(KEY)).version;
    // proposals made before this test (the browser test runs first in the full suite)
    const proposalsBefore = (await coordinator.get(`/api/decisions/${KEY}/edits`)).body.proposals;
    expect(originalCases.map((c) => c.name)).to.include('3000 元，情况紧急，超过乡镇审批限额：县级审批，审批后发放');

    // given a running case: 800 元, not urgent, decided by today's table (township approval)
    const a = await clerk.post('/api/cases/temporary', request(800, false));
    expect(a.status, JSON.stringify(a.body)).to.equal(201);
    await taskOf(township, a.body.id, 'Task_TownshipApproval');

    // when the coordinator proposes that the county approves every request that is not urgent, with the old test cases
    const changed = countyApprovesAll(original);
    const refused = await coordinator.post(`/api/decisions/${KEY}/proposals`, { xml: changed, note: '非紧急申请一律报县民政局审批' });
    // then it is refused, naming the broken test case, and nothing is stored or deployed
    expect(refused.status, JSON.stringify(refused.body)).to.equal(400);
    expect(refused.body.code).to.equal('DECISION_TESTS_FAILED');
    expect(refused.body.message).to.contain('“800 元，限额 1000 元：乡镇审批”').and.contain('“恰好 1000 元：乡镇审批”');

    // and other bad tables are refused with the reason in Chinese
    const overlapping = original.replace('<inputEntry id="Rule_3_I1"><text>false</text></inputEntry>', '<inputEntry id="Rule_3_I1"><text>-</text></inputEntry>');
    for (const [xml, code, message] of [
      [original.replace('</decisionTable>', ''), 'DECISION_INVALID', /决策表无法解析/],
      [original.replace(`id="${KEY}"`, 'id="other-decision"'), 'DECISION_KEY_MISMATCH', /标识保持为/],
      [overlapping, 'DECISION_TESTS_FAILED', /唯一命中/],
    ] as const) {
      const r = await coordinator.post(`/api/decisions/${KEY}/proposals`, { xml, note: '错误的修订' });
      expect(r.status, JSON.stringify(r.body)).to.equal(400);
      expect(r.body.code).to.equal(code);
      expect(r.body.message, r.body.message).to.match(message);
    }
    expect((await coordinator.post(`/api/decisions/${KEY}/proposals`, { xml: changed })).body.code).to.equal('NOTE_INVALID');
    expect((await coordinator.get(`/api/decisions/${KEY}/edits`)).body.proposals).to.deep.equal(proposalsBefore);
    expect((await p.engine.decisionDefinition(KEY)).version).to.equal(versionBefore);

    // when the test case is fixed with the policy and proposed again
    const fixedCases = originalCases.map((c) =>
      !c.inputs.emergency && c.expected[0].approvalLevel === 'township' ? { name: c.name.replace('乡镇审批', '县民政审批'), inputs: c.inputs, expected: [{ approvalLevel: 'county', payFirst: false }] } : c,
    );
    const dry = await coordinator.post(`/api/decisions/${KEY}/check`, { xml: changed, testCases: fixedCases });
    expect(dry.status, JSON.stringify(dry.body)).to.equal(200);
    const proposed = await coordinator.post(`/api/decisions/${KEY}/proposals`, { xml: changed, note: '非紧急申请一律报县民政局审批', testCases: fixedCases });
    expect(proposed.status, JSON.stringify(proposed.body)).to.equal(201);
    // then every test case passes, and the replay shows the running case's outcome would change
    expect(proposed.body.report.testCases.every((t: any) => t.passed)).to.equal(true);
    expect(proposed.body.report.replay.evaluated).to.be.at.least(1);
    const change = proposed.body.report.replay.changed.find((c: any) => c.caseNo === a.body.caseNo);
    expect(change, JSON.stringify(proposed.body.report.replay)).to.deep.include({ before: [{ approvalLevel: 'township', payFirst: false }], after: [{ approvalLevel: 'county', payFirst: false }] });
    expect((await p.engine.decisionDefinition(KEY)).version, 'nothing deployed before approval').to.equal(versionBefore);

    // and nobody approves it but an approver other than its author
    expect((await coordinator.post(`/api/decisions/proposals/${proposed.body.id}/approve`, {})).body.code).to.equal('DECISION_APPROVER_ONLY');
    expect((await leader.post(`/api/decisions/proposals/${proposed.body.id}/approve`, {})).body.code).to.equal('DECISION_APPROVER_ONLY');
    expect((await leader.post(`/api/decisions/${KEY}/proposals`, { xml: changed, note: '领导不提修订' })).status).to.equal(403);
    expect((await clerk.get(`/api/decisions/${KEY}/edits`)).status).to.equal(403);
    const own = await admin.post(`/api/decisions/${KEY}/proposals`, { xml: changed, note: '管理员自己提出', testCases: fixedCases });
    expect(own.status, JSON.stringify(own.body)).to.equal(201);
    expect(own.status).to.equal(201);
    const self = await admin.post(`/api/decisions/proposals/${own.body.id}/approve`, {});
    expect(self.status).to.equal(403);
    expect(self.body).to.include({ code: 'SELF_APPROVAL_FORBIDDEN', message: '不能审批自己提出的修订' });

    // a proposal the approver sends back: a reason is required, then it is 已退回 and nothing is deployed
    const sentBack = await coordinator.post(`/api/decisions/${KEY}/proposals`, { xml: changed, note: '同一修订再提一份，待退回', testCases: fixedCases });
    expect(sentBack.status, JSON.stringify(sentBack.body)).to.equal(201);
    expect((await admin.post(`/api/decisions/proposals/${sentBack.body.id}/reject`, {})).body.code).to.equal('NOTE_INVALID');
    const rejected = await admin.post(`/api/decisions/proposals/${sentBack.body.id}/reject`, { note: '与另一份提议重复' });
    expect(rejected.status, JSON.stringify(rejected.body)).to.equal(200);
    expect(rejected.body).to.deep.equal({ id: sentBack.body.id, status: 'rejected' });
    expect((await admin.post(`/api/decisions/proposals/${sentBack.body.id}/approve`, {})).body.code, 'a rejected proposal is decided').to.equal('PROPOSAL_DECIDED');
    expect((await p.engine.decisionDefinition(KEY)).version, 'nothing deployed by a rejection').to.equal(versionBefore);

    // when the admin approves the coordinator's proposal
    const approved = await admin.post(`/api/decisions/proposals/${proposed.body.id}/approve`, { note: '同意，按县政府文件执行' });
    expect(approved.status, JSON.stringify(approved.body)).to.equal(200);
    // then the decision has a new version, recorded with who proposed and approved it, and an audit line
    expect(approved.body.version).to.equal(versionBefore + 1);
    expect((await p.engine.decisionDefinition(KEY)).version).to.equal(versionBefore + 1);
    const edits = (await coordinator.get(`/api/decisions/${KEY}/edits`)).body;
    expect(edits.proposals.find((x: any) => x.id === proposed.body.id)).to.include({ status: 'approved', proposedBy: '联席会议办公室', decidedBy: '系统管理员', deployedVersion: versionBefore + 1 });
    expect(edits.testCases.map((c: any) => c.name)).to.include('800 元，限额 1000 元：县民政审批');
    const audit = await p.ds
      .getRepository(AuditEntry)
      .createQueryBuilder('a')
      .where('a.target LIKE :t', { t: `%${proposed.body.id}%` })
      .getMany();
    expect(audit.map((x) => x.username)).to.include('admin');
    expect((await admin.post(`/api/decisions/proposals/${proposed.body.id}/approve`, {})).body.code).to.equal('PROPOSAL_DECIDED');

    // and a new 800 元 request goes to the county, while the running case stays with the township
    const b = await clerk.post('/api/cases/temporary', request(800, false));
    expect(b.status).to.equal(201);
    await taskOf(civil, b.body.id, 'Task_CountyTemporaryApproval');
    expect(await noTask(township, b.body.id, 'Task_TownshipApproval')).to.equal(true);
    await taskOf(township, a.body.id, 'Task_TownshipApproval');
    expect(await noTask(civil, a.body.id, 'Task_CountyTemporaryApproval')).to.equal(true);
  });
});
