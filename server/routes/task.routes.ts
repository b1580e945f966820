/** /api/tasks: the department inbox (待办) and task actions (签收, 办理). */
import { Router } from 'express';
import { listQuerySchema } from '../../domain/contracts/case.schema.js';
import { parseOrThrow } from '../../domain/validation.js';
import { requireUser } from '../middleware/auth.middleware.js';
import { json } from './async.js';
import type { AppDeps } from '../app.js';

export function taskRoutes(deps: AppDeps): Router {
  const r = Router();
  const actors = requireUser('handler', 'head', 'village', 'clerk', 'coordinator', 'leader');
  r.get('/', actors, json(async (req) => {
    const q = parseOrThrow(listQuerySchema, req.query, '查询条件');
    return deps.tasks.inbox(req.user!, q.page, q.pageSize);
  }));
  r.get('/:id', actors, json(async (req) => {
    const { task, caseRow } = await deps.tasks.authorize(req.user!, String(req.params.id));
    return {
      taskId: task.id,
      name: task.name,
      taskKey: task.taskDefinitionKey,
      created: task.created,
      due: task.due,
      assignee: task.assignee,
      claimedByMe: task.assignee === req.user!.id,
      caseId: caseRow?.id ?? null,
    };
  }));
  r.post('/:id/claim', actors, json(async (req) => {
    await deps.tasks.claim(req.user!, String(req.params.id));
    return { ok: true };
  }));
  r.post('/:id/complete', actors, json(async (req) => {
    await deps.tasks.complete(req.user!, String(req.params.id), req.body);
    return { ok: true };
  }));
  return r;
}
