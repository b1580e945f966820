/**
 * /api/decisions: the DMN decisions the engine evaluates, as deployed, for the decision page;
 * 决策表修订 — check a candidate version, propose it (coordinator, admin), approve or return it
 * (DECISION_APPROVER_ROLES, never one's own proposal).
 */
import { decisionApprovedSchema, decisionProposedSchema, decisionRejectedSchema } from '../../contracts/answers/process.js';
import { checkReportSchema, decisionEditsSchema, decisionListSchema } from '../../contracts/answers/process.js';
import { DECISION } from '../../domain/engine/contract.js';
import { engineCall } from '../../domain/engine/engine-calls.js';
import type { AppDeps } from '../app.js';
import { bind, type MountedRoutes, operations } from '../operation.js';
import { decisionProposalSchema, decisionVerdictSchema } from '../../contracts/process-admin.schema.js';

export const decisionOps = operations('/decisions', {
  list: { method: 'get', path: '/', summary: '决策表：引擎执行的各 DMN 决策（当前版本的 XML）', access: ['coordinator', 'leader', 'admin'], response: decisionListSchema },
  edits: { method: 'get', path: '/:key/edits', summary: '决策表修订：测试用例、修订提议及审批记录', access: ['coordinator', 'leader', 'admin'], response: decisionEditsSchema },
  // A dry run: parse, test cases, replay of real inputs; nothing is stored or deployed.
  check: {
    method: 'post',
    path: '/:key/check',
    summary: '决策表修订预检：引擎解析、测试用例、最近 100 次真实输入回放（不保存、不部署）',
    access: ['coordinator', 'admin'],
    body: decisionProposalSchema.partial({ note: true }),
    bodyName: '决策表',
    changes: false,
    response: checkReportSchema,
  },
  propose: { method: 'post', path: '/:key/proposals', summary: '提出决策表修订（协调员、管理员）', access: ['coordinator', 'admin'], body: decisionProposalSchema, bodyName: '决策表修订', status: 201, response: decisionProposedSchema },
  approve: {
    method: 'post',
    path: '/proposals/:id/approve',
    summary: '批准决策表修订并部署新版本（审批人不能批准自己的提议）',
    access: ['coordinator', 'leader', 'admin'],
    body: decisionVerdictSchema,
    bodyName: '审批意见',
    response: decisionApprovedSchema,
  },
  reject: { method: 'post', path: '/proposals/:id/reject', summary: '退回决策表修订', access: ['coordinator', 'leader', 'admin'], body: decisionVerdictSchema, bodyName: '审批意见', response: decisionRejectedSchema },
});

export function decisionRoutes(deps: AppDeps): MountedRoutes {
  const edits = deps.decisionEdits;
  return bind(
    decisionOps,
    {
      list: async () => ({
        items: await Promise.all(
          Object.values(DECISION).map(async (key) => {
            const d = await engineCall(() => deps.engine.decisionXml(key));
            return { key, definitionId: d.id, xml: d.dmnXml };
          }),
        ),
      }),
      edits: async (_req, _res, input) => edits.overview(input.param('key')),
      check: async (_req, _res, input) => {
        const body = input.body();
        return edits.check(input.param('key'), body.xml, body.testCases ?? (await edits.testCases(input.param('key'))));
      },
      propose: async (req, _res, input) => edits.propose(req.user!, input.param('key'), input.body()),
      approve: async (req, _res, input) => edits.approve(req.user!, input.param('id'), input.body().note),
      reject: async (req, _res, input) => edits.reject(req.user!, input.param('id'), input.body().note),
    },
    deps.bindOptions,
  );
}
