/** /api/tasks: the department inbox (待办) and task actions (签收, 办理). */
import { Router } from 'express';
import { listQuerySchema } from '../../contracts/case.schema.js';
import { inboxQuerySchema } from '../../contracts/worklist.schema.js';
import { AlertService } from '../../domain/services/alert.service.js';

import { parseOrThrow } from '../../domain/validation.js';
import { requireUser } from '../middleware/auth.middleware.js';
import { TASK_ROLES, URGE_ROLES } from '../../contracts/roles.js';
import { json } from './async.js';
import type { AppDeps } from '../app.js';
import { copySchema, cosignSchema, delegateSchema, recallSchema, resolveSchema, returnSchema, signSchema, transferSchema, urgeSchema } from '../../contracts/task.schema.js';

export function taskRoutes(deps: AppDeps): Router {
  const r = Router();
  const actors = requireUser(...TASK_ROLES);
  r.get(
    '/',
    actors,
    json(async (req) => {
      const q = parseOrThrow(inboxQuerySchema, req.query, '查询条件');
      return deps.tasks.inbox(req.user!, q.page, q.pageSize, q);
    }),
  );
  r.get(
    '/copies',
    requireUser(),
    json(async (req) => {
      const q = parseOrThrow(listQuerySchema, req.query, '查询条件');
      return deps.taskActions.copiesFor(req.user!, q.page, q.pageSize);
    }),
  );
  r.post(
    '/copies/:copyId/read',
    requireUser(),
    json(async (req) => deps.taskActions.markCopyRead(req.user!, String(req.params.copyId))),
  );
  r.get(
    '/:id',
    actors,
    json(async (req) => {
      const { task, caseRow } = await deps.tasks.authorize(req.user!, String(req.params.id));
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
    }),
  );
  r.get(
    '/:id/actions',
    actors,
    json(async (req) => deps.taskActions.actionsOf(req.user!, String(req.params.id))),
  );
  r.post(
    '/:id/unclaim',
    actors,
    json(async (req) => {
      await deps.taskActions.unclaim(req.user!, String(req.params.id));
      return { ok: true };
    }),
  );
  r.post(
    '/:id/cosign',
    actors,
    json(async (req, res) => {
      await deps.taskActions.cosign(req.user!, String(req.params.id), parseOrThrow(cosignSchema, req.body, '加签信息'));
      res.status(201);
      return { ok: true };
    }),
  );
  r.post(
    '/:id/sign',
    actors,
    json(async (req) => {
      await deps.taskActions.sign(req.user!, String(req.params.id), parseOrThrow(signSchema, req.body, '加签意见'));
      return { ok: true };
    }),
  );
  r.post(
    '/:id/recall',
    actors,
    json(async (req) => deps.taskActions.recall(req.user!, String(req.params.id), parseOrThrow(recallSchema, req.body, '撤回信息'))),
  );
  r.post(
    '/:id/claim',
    actors,
    json(async (req) => {
      await deps.tasks.claim(req.user!, String(req.params.id));
      return { ok: true };
    }),
  );
  r.post(
    '/:id/urge',
    requireUser(...URGE_ROLES),
    json(async (req, res) => {
      const { message } = parseOrThrow(urgeSchema, req.body, '催办内容');
      await deps.tasks.urge(req.user!, String(req.params.id), message, new AlertService(deps.ds));
      res.status(201);
      return { ok: true };
    }),
  );
  r.post(
    '/:id/transfer',
    actors,
    json(async (req) => {
      await deps.taskActions.transfer(req.user!, String(req.params.id), parseOrThrow(transferSchema, req.body, '转办信息'));
      return { ok: true };
    }),
  );
  r.post(
    '/:id/delegate',
    actors,
    json(async (req) => {
      await deps.taskActions.delegate(req.user!, String(req.params.id), parseOrThrow(delegateSchema, req.body, '委派信息'));
      return { ok: true };
    }),
  );
  r.post(
    '/:id/resolve',
    actors,
    json(async (req) => {
      await deps.taskActions.resolve(req.user!, String(req.params.id), parseOrThrow(resolveSchema, req.body, '办理信息'));
      return { ok: true };
    }),
  );
  r.post(
    '/:id/return',
    actors,
    json(async (req) => deps.taskActions.returnTo(req.user!, String(req.params.id), parseOrThrow(returnSchema, req.body, '退回信息'))),
  );
  r.post(
    '/:id/copy',
    actors,
    json(async (req, res) => {
      await deps.taskActions.copy(req.user!, String(req.params.id), parseOrThrow(copySchema, req.body, '抄送信息'));
      res.status(201);
      return { ok: true };
    }),
  );
  r.post(
    '/:id/complete',
    actors,
    json(async (req) => {
      await deps.tasks.complete(req.user!, String(req.params.id), req.body);
      return { ok: true };
    }),
  );
  return r;
}
