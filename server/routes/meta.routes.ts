/** /api/meta and /api/households: reference data for forms (assistance types, villages, households to pick). */
import { Like } from 'typeorm';
import { countyCodeOf } from '../../domain/engine/contract.js';
import { Router } from 'express';
import { ASSISTANCE_TYPE_NAMES } from '../../domain/entities/assistance-case.entity.js';
import { Department } from '../../domain/entities/department.entity.js';
import { Household } from '../../domain/entities/household.entity.js';
import { Unit } from '../../domain/entities/unit.entity.js';
import { PROCESS } from '../../domain/engine/contract.js';
import { HttpError, NotFoundError } from '../../domain/errors.js';
import { isValidIdNumber } from '../../domain/idcard.js';
import { AuditEntry } from '../../domain/entities/audit-entry.entity.js';
import { AlertService } from '../../domain/services/alert.service.js';
import { HouseholdSearchService, householdDto, householdSearchSchema } from '../../domain/services/household-search.service.js';
import { auditEntryOf } from '../middleware/audit.middleware.js';
import { parseOrThrow } from '../../domain/validation.js';

import { requireUser } from '../middleware/auth.middleware.js';
import { RosterService } from '../../domain/services/roster.service.js';
import { json } from './async.js';
import type { AppDeps } from '../app.js';

export function metaRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get('/meta', requireUser(), json(async () => ({
    assistanceTypes: Object.entries(ASSISTANCE_TYPE_NAMES).map(([code, name]) => ({ code, name })),
    departments: await deps.ds.getRepository(Department).find({ order: { sortOrder: 'ASC' } }),
    units: await deps.ds.getRepository(Unit).find({ order: { code: 'ASC' } }),
  })));
  r.get('/households', requireUser('clerk', 'coordinator'), json(async (req) => {
    // the user's own county's households only
    const rows = await deps.ds.getRepository(Household).find({ where: { unitCode: Like(`${countyCodeOf(req.user!.unitCode)}%`) }, order: { householdNo: 'ASC' }, take: 200 });
    return rows.map(householdDto);
  }));
  // The household of any member, found by the blind index (ID numbers are stored encrypted): treated like a
  // reveal — reason, jurisdiction, rate limit, and the audit line (blind index and reason) written before answering.
  const searches = new HouseholdSearchService(deps.ds, new AlertService(deps.ds));
  r.post('/households/search', requireUser('clerk', 'village'), json(async (req, res) => {
    res.locals.auditWritten = true;
    const body = req.body as { idNumber?: unknown; reason?: unknown } | undefined;
    const detail = () => {
      const idNumber = typeof body?.idNumber === 'string' && isValidIdNumber(body.idNumber.trim().toUpperCase()) ? body.idNumber : null;
      return JSON.stringify({ idIndex: idNumber ? HouseholdSearchService.indexOf(idNumber) : null, reason: typeof body?.reason === 'string' ? body.reason.slice(0, 200) : null });
    };
    const audit = (status: number, code: string | null, found?: number) =>
      deps.ds.getRepository(AuditEntry).insert(auditEntryOf(req, res, { status, code, target: found === undefined ? null : `found=${found}`, detail: detail() }));
    try {
      await searches.checkRate(req.user!);
      const input = parseOrThrow(householdSearchSchema, req.body, '查询条件');
      const out = await searches.search(req.user!, input);
      await audit(200, null, out.length);
      res.setHeader('Cache-Control', 'no-store');
      return out;
    } catch (err) {
      await audit(err instanceof HttpError ? err.status : 500, err instanceof HttpError ? err.code : 'INTERNAL').catch((e) => deps.log.error({ err: (e as Error).message }, '审计日志写入失败'));
      throw err;
    }
  }));
  const roster = new RosterService(deps.ds);
  r.get('/roster/:village', requireUser('village', 'handler', 'head', 'coordinator', 'leader'), json(async (req) => roster.villageRoster(req.user!, String(req.params.village))));
  r.get('/ledger/:township', requireUser('handler', 'head', 'coordinator', 'leader'), json(async (req) => roster.townshipLedger(req.user!, String(req.params.township))));
  r.get('/processes/:key/xml', requireUser(), json(async (req) => {
    const key = String(req.params.key);
    if (!(Object.values(PROCESS) as string[]).includes(key)) throw new NotFoundError('PROCESS_NOT_FOUND', '流程不存在');
    const { bpmn20Xml } = await deps.engine.processXml(key);
    return { key, xml: bpmn20Xml };
  }));
  return r;
}
