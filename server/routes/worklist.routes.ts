/** /api/worklist: 已办 (tasks I or my department completed) and 我发起的 (cases I registered, matters I raised). */
import { donePageSchema } from '../../contracts/lists.schema.js';
import { initiatedPageSchema } from '../../contracts/answers/tasks.js';
import { doneQuerySchema, initiatedQuerySchema } from '../../contracts/worklist.schema.js';
import { INITIATED_ROLES, TASK_ROLES } from '../../contracts/roles.js';
import type { AppDeps } from '../app.js';
import { bind, type MountedRoutes, operations } from '../operation.js';

export const worklistOps = operations('/worklist', {
  done: { method: 'get', path: '/done', summary: '已办', access: TASK_ROLES, query: doneQuerySchema, queryName: '查询条件', response: donePageSchema },
  initiated: { method: 'get', path: '/initiated', summary: '我发起的', access: INITIATED_ROLES, query: initiatedQuerySchema, queryName: '查询条件', response: initiatedPageSchema },
});

export function worklistRoutes(deps: AppDeps): MountedRoutes {
  const svc = deps.worklist;
  return bind(
    worklistOps,
    {
      done: async (req, _res, input) => svc.done(req.user!, input.query()),
      initiated: async (req, _res, input) => svc.initiated(req.user!, input.query()),
    },
    deps.bindOptions,
  );
}
