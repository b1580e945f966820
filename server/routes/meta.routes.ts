/** /api/meta and /api/households: reference data for forms (assistance types, villages, households to pick). */
import { Router } from 'express';
import { ASSISTANCE_TYPE_NAMES } from '../../domain/entities/assistance-case.entity.js';
import { Department } from '../../domain/entities/department.entity.js';
import { Household } from '../../domain/entities/household.entity.js';
import { Unit } from '../../domain/entities/unit.entity.js';
import { PROCESS } from '../../domain/engine/contract.js';
import { NotFoundError } from '../../domain/errors.js';
import { isValidIdNumber, maskIdNumber } from '../../domain/idcard.js';
import { idNumberIndex } from '../../domain/crypto/pii.js';
import { parseOrThrow } from '../../domain/validation.js';
import { z } from 'zod';

/** 按身份证号查找家庭: in the body, never in the URL (where proxies and browsers would keep it). */
export const householdSearchSchema = z.strictObject({
  idNumber: z.string({ error: '请输入身份证号' }).trim().toUpperCase().refine(isValidIdNumber, { error: '身份证号格式或校验位不正确' }),
});
const householdDto = (h: Household) => ({ id: h.id, householdNo: h.householdNo, headName: h.headName, headIdNumber: maskIdNumber(h.headIdNumber), unitCode: h.unitCode });
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
  r.get('/households', requireUser('clerk', 'coordinator'), json(async () => {
    const rows = await deps.ds.getRepository(Household).find({ order: { householdNo: 'ASC' }, take: 200 });
    return rows.map(householdDto);
  }));
  // The household of any member, found by the blind index (ID numbers are stored encrypted).
  r.post('/households/search', requireUser('clerk', 'coordinator'), json(async (req) => {
    const { idNumber } = parseOrThrow(householdSearchSchema, req.body, '查询条件');
    const rows = await deps.ds
      .getRepository(Household)
      .createQueryBuilder('h')
      .where('h.id IN (SELECT m.household_id FROM household_member m WHERE m.id_hash = :hash)', { hash: idNumberIndex(idNumber) })
      .orderBy('h.householdNo', 'ASC')
      .getMany();
    return rows.map(householdDto);
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
