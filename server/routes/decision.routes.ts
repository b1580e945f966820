/** /api/decisions: the DMN decisions the engine evaluates, as deployed, for the coordinators' decision page. */
import { Router } from 'express';
import { DECISION } from '../../domain/engine/contract.js';
import { engineCall } from '../../domain/engine/engine-calls.js';
import { requireUser } from '../middleware/auth.middleware.js';
import { json } from './async.js';
import type { AppDeps } from '../app.js';

export function decisionRoutes(deps: AppDeps): Router {
  const r = Router();
  r.use(requireUser('coordinator', 'leader', 'admin'));
  r.get('/', json(async () => ({
    items: await Promise.all(
      Object.values(DECISION).map(async (key) => {
        const d = await engineCall(() => deps.engine.decisionXml(key));
        return { key, definitionId: d.id, xml: d.dmnXml };
      }),
    ),
  })));
  return r;
}
