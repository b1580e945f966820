/**
 * /api/decisions: the DMN decisions the engine evaluates, as deployed, for the decision page;
 * 决策表修订 — check a candidate version, propose it (coordinator, admin), approve or return it
 * (DECISION_APPROVER_ROLES, never one's own proposal).
 */
import { Router } from 'express';
import { DECISION } from '../../domain/engine/contract.js';
import { engineCall } from '../../domain/engine/engine-calls.js';
import { DecisionEditService } from '../../domain/services/decision-edit.service.js';
import { parseOrThrow } from '../../domain/validation.js';
import { requireUser } from '../middleware/auth.middleware.js';
import { json } from './async.js';
import type { AppDeps } from '../app.js';
import { decisionProposalSchema, decisionVerdictSchema } from '../../contracts/process-admin.schema.js';

export function decisionRoutes(deps: AppDeps): Router {
  const r = Router();
  const edits = new DecisionEditService(deps.ds, deps.engine, deps.cfg.decisionApproverRoles);
  r.use(requireUser('coordinator', 'leader', 'admin'));
  r.get(
    '/',
    json(async () => ({
      items: await Promise.all(
        Object.values(DECISION).map(async (key) => {
          const d = await engineCall(() => deps.engine.decisionXml(key));
          return { key, definitionId: d.id, xml: d.dmnXml };
        }),
      ),
    })),
  );
  r.get(
    '/:key/edits',
    json(async (req) => edits.overview(String(req.params.key))),
  );
  // A dry run: parse, test cases, replay of real inputs; nothing is stored or deployed.
  r.post(
    '/:key/check',
    requireUser('coordinator', 'admin'),
    json(async (req) => {
      const body = parseOrThrow(decisionProposalSchema.partial({ note: true }), req.body, '决策表');
      return edits.check(String(req.params.key), body.xml, body.testCases ?? (await edits.testCases(String(req.params.key))));
    }),
  );
  r.post(
    '/:key/proposals',
    requireUser('coordinator', 'admin'),
    json(async (req, res) => {
      res.status(201);
      return edits.propose(req.user!, String(req.params.key), parseOrThrow(decisionProposalSchema, req.body, '决策表修订'));
    }),
  );
  r.post(
    '/proposals/:id/approve',
    json(async (req) => edits.approve(req.user!, String(req.params.id), parseOrThrow(decisionVerdictSchema, req.body, '审批意见').note)),
  );
  r.post(
    '/proposals/:id/reject',
    json(async (req) => edits.reject(req.user!, String(req.params.id), parseOrThrow(decisionVerdictSchema, req.body, '审批意见').note)),
  );
  return r;
}
