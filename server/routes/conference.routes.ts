/** /api/conferences: 联席会议 — raising a matter, the matter file, its task forms and 督办. */
import { Router } from 'express';
import { conferenceListQuerySchema, raiseConferenceSchema, superviseSchema } from '../../contracts/conference.schema.js';
import { ConferenceFileService } from '../../domain/services/conference-file.service.js';
import { ConferenceTaskService } from '../../domain/services/conference-task.service.js';
import { ConferenceService } from '../../domain/services/conference.service.js';
import { parseOrThrow } from '../../domain/validation.js';
import { requireUser } from '../middleware/auth.middleware.js';
import { CONFERENCE_ROLES } from '../../contracts/roles.js';
import { json } from './async.js';
import type { AppDeps } from '../app.js';

/** The conference router; its services are built from the shared deps (database, engine, inbox). */
export function conferenceRoutes(deps: AppDeps): Router {
  const conferences = new ConferenceService(deps.ds);
  const conferenceTasks = new ConferenceTaskService(deps.ds, deps.engine, deps.tasks);
  const files = new ConferenceFileService(deps.ds, deps.engine, deps.tasks, conferenceTasks);
  // Department staff read the matters of their departments; the service checks which.
  const readers = requireUser(...CONFERENCE_ROLES);

  const r = Router();
  r.post(
    '/',
    requireUser('coordinator'),
    json(async (req, res) => {
      const input = parseOrThrow(raiseConferenceSchema, req.body, '议题信息');
      const m = await conferences.raise(input, req.user!, deps.engine);
      res.locals.auditTarget = m.matterNo;
      res.status(201);
      return { id: m.id, matterNo: m.matterNo, status: m.status, processInstanceId: m.processInstanceId };
    }),
  );
  r.get(
    '/',
    readers,
    json(async (req) => {
      const q = parseOrThrow(conferenceListQuerySchema, req.query, '查询条件');
      return files.list(req.user!, q.page, q.pageSize, q.status);
    }),
  );
  r.get(
    '/:id',
    readers,
    json(async (req) => files.forUser(req.user!, String(req.params.id))),
  );
  // 办理: the body is the form of the task's step (召集人决定, 部门意见, 会议纪要, 议定事项落实).
  r.post(
    '/:id/tasks/:taskId/complete',
    readers,
    json(async (req, res) => {
      const { taskKey } = await conferenceTasks.complete(req.user!, String(req.params.id), String(req.params.taskId), req.body);
      res.locals.auditTarget = `${req.params.id}/${req.params.taskId}`;
      return { ok: true, taskKey };
    }),
  );
  r.post(
    '/:id/items/:itemId/supervise',
    requireUser('coordinator', 'leader'),
    json(async (req, res) => {
      const input = parseOrThrow(superviseSchema, req.body, '督办意见');
      await conferences.supervise(String(req.params.id), String(req.params.itemId), req.user!, input);
      res.status(201);
      return { ok: true };
    }),
  );
  return r;
}
