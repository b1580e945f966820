import { expect } from 'chai';
import { processGraphs } from '../../domain/deadlines/process-graph.js';
import { PROCESS } from '../../domain/engine/contract.js';

/**
 * An activity history as the engine writes it, one step after another, with
 * SLOW_MS between the end of a step and the start of the next (a busy engine:
 * the old 150 ms window drew such a path with gaps).
 */
const SLOW_MS = 400;
function history(steps: (string | { id: string; inside: string[] })[]) {
  let t = Date.parse('2026-12-01T09:00:00Z');
  const rows: { activityId: string; start: string; end: string | null }[] = [];
  const at = (ms: number) => new Date(ms).toISOString();
  const run = (list: (string | { id: string; inside: string[] })[]) => {
    for (const s of list) {
      if (typeof s === 'string') {
        rows.push({ activityId: s, start: at(t), end: at(t + 1000) });
        t += 1000 + SLOW_MS;
      } else {
        // a subprocess spans the steps inside it
        const row = { activityId: s.id, start: at(t), end: null as string | null };
        rows.push(row);
        run(s.inside);
        row.end = at(t - SLOW_MS);
      }
    }
  };
  run(steps);
  return rows;
}

describe('流程跟踪图的已走路径（服务端计算，网页直接使用）', () => {
  it('异议成立退回重新核对、再次公示后批准：两轮都画出，未走的分支不画，即使引擎很慢', async () => {
    const graph = (await processGraphs()).get(PROCESS.socialAssistanceApplication)!;
    // 低保 only (the referral branch has no task); the eligibility decision and the village's positive findings on each round
    const verification = [
      'Gateway_Join_VerificationQuery',
      'Task_VerificationQuery#multiInstanceBody',
      'Task_VerificationReport',
      'Decide_Eligibility',
      'Gateway_Eligible',
      'Task_HomeVisit',
      'Gateway_VisitRecommended',
      'Task_DemocraticReview',
      'Gateway_ReviewPassed',
      'Gateway_Join_Notice',
    ];
    const taken = graph.takenFlows(
      history([
        'Start_Registered',
        'Decide_Documents',
        'Gateway_Join_CheckDocuments',
        'Task_CheckDocuments',
        'Gateway_DocumentsComplete',
        'Task_Classify',
        'Decide_Referrals',
        'Task_OpenReferrals',
        'Gateway_Fork_Referrals',
        'Gateway_BasicLiving',
        ...verification,
        { id: 'SubProcess_Notice', inside: ['Start_Notice', 'Task_PublishNotice'] },
        'Boundary_Objection',
        'Task_ReviewObjection',
        'Gateway_ObjectionUpheld',
        ...verification,
        { id: 'SubProcess_Notice', inside: ['Start_Notice', 'Task_PublishNotice', 'Timer_NoticeEnds', 'Task_EndNotice', 'End_Notice'] },
        'Task_CountyApproval',
        'Gateway_Approved',
        'Task_PaymentInstruct',
        'Task_LedgerRecord',
        'Task_CloseApproved',
        'End_Approved',
      ]),
    );
    expect(taken.sort()).to.deep.equal(
      [
        'Flow_ToCheckDocuments',
        'Flow_ToJoinCheckDocuments',
        'Flow_Join_CheckDocuments',
        'Flow_ToDocumentsComplete',
        'Flow_DocumentsComplete',
        'Flow_ToVerification',
        'Flow_ToOpenReferrals',
        'Flow_ToFork',
        'Flow_ToBasicLiving',
        'Flow_BasicLiving',
        'Flow_Join_VerificationQuery',
        'Flow_ToReport',
        'Flow_ToHomeVisit',
        'Flow_ToEligibleDecision',
        'Flow_Eligible',
        'Flow_ToDemocraticReview',
        'Flow_VisitRecommended',
        'Flow_ToNotice',
        'Flow_ReviewPassed',
        'Flow_Join_Notice',
        'Flow_ToPublish',
        'Flow_ToReviewObjection',
        'Flow_ToObjectionDecision',
        'Flow_ObjectionUpheld',
        'Flow_ToNoticePeriod',
        'Flow_ToEndNotice',
        'Flow_ToNoticeDone',
        'Flow_ToCountyApproval',
        'Flow_ToApprovalDecision',
        'Flow_Approved',
        'Flow_ToLedger',
        'Flow_ToCloseApproved',
        'Flow_ToEndApproved',
      ].sort(),
    );
    // not taken: the missing-documents branch, ineligible, negative village findings, 异议不成立, 不予批准
    for (const f of ['Flow_DocumentsMissing', 'Flow_Ineligible', 'Flow_VisitNotRecommended', 'Flow_ReviewFailed', 'Flow_ObjectionDismissed', 'Flow_Rejected', 'Flow_NoBasicLiving']) expect(taken, f).to.not.include(f);
  });
});
