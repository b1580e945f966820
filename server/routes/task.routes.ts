/** /api/tasks: the department inbox (待办) and task actions (签收, 办理). */
import { inboxPageSchema } from '../../contracts/lists.schema.js';
import { copyPageSchema, copyReadSchema, recallResultSchema, returnResultSchema, taskActionOptionsSchema, taskDetailSchema } from '../../contracts/answers/tasks.js';
import { okSchema } from '../../contracts/answers/common.js';
import { z } from 'zod';
import { listQuerySchema } from '../../contracts/case.schema.js';
import { inboxQuerySchema } from '../../contracts/worklist.schema.js';
import { APPLICATION_FORMS } from '../../domain/forms/application.forms.js';

import { TASK_ROLES, URGE_ROLES } from '../../contracts/roles.js';
import type { AppDeps } from '../app.js';
import { bind, type MountedRoutes, operations } from '../operation.js';
import { copySchema, cosignSchema, delegateSchema, recallSchema, resolveSchema, returnSchema, signSchema, transferSchema, urgeSchema } from '../../contracts/task.schema.js';

/** 办理: the body is the form of the task's step, one of these. */
const taskCompleteBody = z.union(Object.values(APPLICATION_FORMS).map((f) => f.schema) as [z.ZodType, z.ZodType, ...z.ZodType[]]);

export const taskOps = operations('/tasks', {
  inbox: { method: 'get', path: '/', summary: '待办', access: TASK_ROLES, query: inboxQuerySchema, queryName: '查询条件', response: inboxPageSchema },
  copies: { method: 'get', path: '/copies', summary: '抄送我的', access: 'user', query: listQuerySchema, queryName: '查询条件', response: copyPageSchema },
  readCopy: { method: 'post', path: '/copies/:copyId/read', summary: '抄送标为已读', access: 'user', response: copyReadSchema },
  get: { method: 'get', path: '/:id', summary: '任务', access: TASK_ROLES, response: taskDetailSchema },
  actions: { method: 'get', path: '/:id/actions', summary: '任务可用的操作（转办、委派、加签的接收人，退回环节，委派与加签状态）', access: TASK_ROLES, response: taskActionOptionsSchema },
  unclaim: { method: 'post', path: '/:id/unclaim', summary: '取消签收', access: TASK_ROLES, response: okSchema },
  cosign: { method: 'post', path: '/:id/cosign', summary: '加签（请有权办理该任务的同事先签署意见）', access: TASK_ROLES, body: cosignSchema, bodyName: '加签信息', status: 201, response: okSchema },
  sign: { method: 'post', path: '/:id/sign', summary: '签署加签意见', access: TASK_ROLES, body: signSchema, bodyName: '加签意见', response: okSchema },
  recall: { method: 'post', path: '/:id/recall', summary: '撤回已办结的环节（下一环节未签收时）', access: TASK_ROLES, body: recallSchema, bodyName: '撤回信息', response: recallResultSchema },
  claim: { method: 'post', path: '/:id/claim', summary: '签收', access: TASK_ROLES, response: okSchema },
  urge: { method: 'post', path: '/:id/urge', summary: '手动催办', access: URGE_ROLES, body: urgeSchema, bodyName: '催办内容', status: 201, response: okSchema },
  transfer: { method: 'post', path: '/:id/transfer', summary: '转办', access: TASK_ROLES, body: transferSchema, bodyName: '转办信息', response: okSchema },
  delegate: { method: 'post', path: '/:id/delegate', summary: '委派', access: TASK_ROLES, body: delegateSchema, bodyName: '委派信息', response: okSchema },
  resolve: { method: 'post', path: '/:id/resolve', summary: '委派办结交回', access: TASK_ROLES, body: resolveSchema, bodyName: '办理信息', response: okSchema },
  return: { method: 'post', path: '/:id/return', summary: '退回', access: TASK_ROLES, body: returnSchema, bodyName: '退回信息', response: returnResultSchema },
  copy: { method: 'post', path: '/:id/copy', summary: '抄送', access: TASK_ROLES, body: copySchema, bodyName: '抄送信息', status: 201, response: okSchema },
  complete: { method: 'post', path: '/:id/complete', summary: '办理（表单随步骤而定）', access: TASK_ROLES, body: taskCompleteBody, response: okSchema },
});

export function taskRoutes(deps: AppDeps): MountedRoutes {
  return bind(
    taskOps,
    {
      inbox: async (req, _res, input) => {
        const q = input.query();
        return deps.tasks.inbox(req.user!, q.page, q.pageSize, q);
      },
      copies: async (req, _res, input) => {
        const q = input.query();
        return deps.taskActions.copiesFor(req.user!, q.page, q.pageSize);
      },
      readCopy: async (req, _res, input) => deps.taskActions.markCopyRead(req.user!, input.param('copyId')),
      get: async (req, _res, input) => {
        const { task, caseRow } = await deps.tasks.authorize(req.user!, input.param('id'));
        return {
          taskId: task.id,
          name: task.name,
          taskKey: task.taskDefinitionKey,
          created: task.created,
          due: task.due,
          assignee: task.assignee,
          claimedByMe: task.assignee === req.user!.id,
          caseId: caseRow?.id ?? (task.parentTaskId ? ((await deps.taskActions.cosignTask(req.user!, task.id)).caseRow?.id ?? null) : null),
        };
      },
      actions: async (req, _res, input) => deps.taskActions.actionsOf(req.user!, input.param('id')),
      unclaim: async (req, _res, input) => {
        await deps.taskActions.unclaim(req.user!, input.param('id'));
        return { ok: true };
      },
      cosign: async (req, _res, input) => {
        await deps.taskActions.cosign(req.user!, input.param('id'), input.body());
        return { ok: true };
      },
      sign: async (req, _res, input) => {
        await deps.taskActions.sign(req.user!, input.param('id'), input.body());
        return { ok: true };
      },
      recall: async (req, _res, input) => deps.taskActions.recall(req.user!, input.param('id'), input.body()),
      claim: async (req, _res, input) => {
        await deps.tasks.claim(req.user!, input.param('id'));
        return { ok: true };
      },
      urge: async (req, _res, input) => {
        const { message } = input.body();
        await deps.tasks.urge(req.user!, input.param('id'), message, deps.alerts);
        return { ok: true };
      },
      transfer: async (req, _res, input) => {
        await deps.taskActions.transfer(req.user!, input.param('id'), input.body());
        return { ok: true };
      },
      delegate: async (req, _res, input) => {
        await deps.taskActions.delegate(req.user!, input.param('id'), input.body());
        return { ok: true };
      },
      resolve: async (req, _res, input) => {
        await deps.taskActions.resolve(req.user!, input.param('id'), input.body());
        return { ok: true };
      },
      return: async (req, _res, input) => deps.taskActions.returnTo(req.user!, input.param('id'), input.body()),
      copy: async (req, _res, input) => {
        await deps.taskActions.copy(req.user!, input.param('id'), input.body());
        return { ok: true };
      },
      // The form is the step's: the service parses it.
      complete: async (req, _res, input) => {
        await deps.tasks.complete(req.user!, input.param('id'), req.body);
        return { ok: true };
      },
    },
    deps.bindOptions,
  );
}
