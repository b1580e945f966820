/** /api/conferences: 联席会议 — raising a matter, the matter file, its task forms and 督办. */
import { okSchema } from '../../contracts/answers/common.js';
import { conferenceFileSchema, conferenceListSchema, conferenceRaisedSchema, conferenceTaskDoneSchema } from '../../contracts/answers/conference.js';
import { z } from 'zod';
import { CONFERENCE_TASK_FORMS, conferenceListQuerySchema, raiseConferenceSchema, superviseSchema } from '../../contracts/conference.schema.js';
import { CONFERENCE_ROLES } from '../../contracts/roles.js';
import type { AppDeps } from '../app.js';
import { bind, type MountedRoutes, operations } from '../operation.js';

/** 办理: the body is the form of the task's step, one of these. */
const conferenceCompleteBody = z.union(Object.values(CONFERENCE_TASK_FORMS) as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]]);

/** Department staff (CONFERENCE_ROLES) read the matters of their departments; the service checks which. */
export const conferenceOps = operations('/conferences', {
  raise: { method: 'post', path: '/', summary: '提出联席会议议题', access: ['coordinator'], body: raiseConferenceSchema, bodyName: '议题信息', status: 201, response: conferenceRaisedSchema },
  list: { method: 'get', path: '/', summary: '议题列表', access: CONFERENCE_ROLES, query: conferenceListQuerySchema, queryName: '查询条件', response: conferenceListSchema },
  get: { method: 'get', path: '/:id', summary: '议题', access: CONFERENCE_ROLES, response: conferenceFileSchema },
  complete: { method: 'post', path: '/:id/tasks/:taskId/complete', summary: '办理联席会议任务（表单随步骤而定）', access: CONFERENCE_ROLES, body: conferenceCompleteBody, response: conferenceTaskDoneSchema },
  supervise: {
    method: 'post',
    path: '/:id/items/:itemId/supervise',
    summary: '督办议定事项',
    access: ['coordinator', 'leader'],
    body: superviseSchema,
    bodyName: '督办意见',
    status: 201,
    response: okSchema,
  },
});

/** The conference router; its services are built from the shared deps (database, engine, inbox). */
export function conferenceRoutes(deps: AppDeps): MountedRoutes {
  const conferences = deps.conferences;
  const conferenceTasks = deps.conferenceTasks;
  const files = deps.conferenceFiles;
  return bind(
    conferenceOps,
    {
      raise: async (req, res, input) => {
        const m = await conferences.raise(input.body(), req.user!, deps.engine);
        res.locals.auditTarget = m.matterNo;
        return { id: m.id, matterNo: m.matterNo, status: m.status, processInstanceId: m.processInstanceId };
      },
      list: async (req, _res, input) => {
        const q = input.query();
        return files.list(req.user!, q.page, q.pageSize, q.status);
      },
      get: async (req, _res, input) => files.forUser(req.user!, input.param('id')),
      // 办理: the body is the form of the task's step (召集人决定, 部门意见, 会议纪要, 议定事项落实); the service parses it.
      complete: async (req, res, input) => {
        const { taskKey } = await conferenceTasks.complete(req.user!, input.param('id'), input.param('taskId'), req.body);
        res.locals.auditTarget = `${input.param('id')}/${input.param('taskId')}`;
        return { ok: true, taskKey };
      },
      supervise: async (req, _res, input) => {
        const body = input.body();
        await conferences.supervise(input.param('id'), input.param('itemId'), req.user!, body);
        return { ok: true };
      },
    },
    deps.bindOptions,
  );
}
