/** /api/admin: time-limit rules (办理时限) and the working-day calendar; admins only. */
import { Router } from 'express';
import { z } from 'zod';
import { CalendarYearRow, TimeLimitRuleRow } from '../../domain/entities/escalation.entity.js';
import { NotFoundError } from '../../domain/errors.js';
import { type CalendarYear, validateCalendarYear } from '../../domain/time/calendar.js';
import { BadRequestError } from '../../domain/errors.js';
import { parseOrThrow } from '../../domain/validation.js';
import { requireUser } from '../middleware/auth.middleware.js';
import { json } from './async.js';
import type { AppDeps } from '../app.js';
import { AuditEntry } from '../../domain/entities/audit-entry.entity.js';
import { AuditService, auditQuerySchema } from '../../domain/services/audit.service.js';
import { auditEntryOf } from '../middleware/audit.middleware.js';
import { attachment } from './statistics.routes.js';
import { TimeLimitService } from '../../domain/services/time-limit.service.js';
import { SettingsService, TOWNSHIP_LIMIT_KEY, townshipLimitSchema } from '../../domain/services/settings.service.js';

const unit = z.enum(['workday', 'hour'], { error: '时限单位只能是工作日（workday）或小时（hour）' });
export const ruleSchema = z.strictObject({
  amount: z.number({ error: '办理时限必须是数字' }).int({ error: '办理时限必须是整数' }).min(1, { error: '办理时限至少为 1' }).max(365, { error: '办理时限过长' }),
  unit,
  remindBeforeAmount: z.number({ error: '提前催办量必须是数字' }).int({ error: '提前催办量必须是整数' }).min(0, { error: '提前催办量不能为负数' }).max(365, { error: '提前催办量过大' }),
  remindBeforeUnit: unit,
  graceAmount: z.number({ error: '宽限期必须是数字' }).int({ error: '宽限期必须是整数' }).min(0, { error: '宽限期不能为负数' }).max(365, { error: '宽限期过长' }),
  graceUnit: unit,
});
export const calendarSchema = z.strictObject({
  holidays: z.array(z.string({ error: '日期格式应为 YYYY-MM-DD' }), { error: '节假日须为日期列表' }).max(366, { error: '日期过多' }),
  workdays: z.array(z.string({ error: '日期格式应为 YYYY-MM-DD' }), { error: '调休上班日须为日期列表' }).max(366, { error: '日期过多' }),
  source: z.string().trim().max(500, { error: '来源说明过长' }).optional(),
});

export function adminRoutes(deps: AppDeps): Router {
  const r = Router();
  r.use(requireUser('admin'));
  // 审计日志: query and CSV export; an export is itself written to the log (what was filtered, how many rows).
  const audit = new AuditService(deps.ds);
  r.get(
    '/audit',
    json(async (req) => {
      const page = await audit.list(req.user!, parseOrThrow(auditQuerySchema, req.query, '查询条件'));
      // openapi.ts imports this file's schemas: loaded when first needed, not at module load (a cycle)
      const { actionName } = await import('../openapi.js');
      return { ...page, items: page.items.map((e) => ({ ...e, actionName: actionName(e.action) })) };
    }),
  );
  r.get('/audit/export', async (req, res) => {
    const q = parseOrThrow(auditQuerySchema, req.query, '导出条件');
    const file = await audit.exportCsv(req.user!, q);
    await deps.ds.getRepository(AuditEntry).insert(auditEntryOf(req, res, { status: 200, target: 'audit_entry', detail: JSON.stringify({ export: { ...q, page: undefined, pageSize: undefined }, rows: file.rows }) }));
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', attachment(file.filename, file.asciiFilename));
    res.setHeader('Cache-Control', 'no-store');
    res.send(file.content);
  });
  r.get(
    '/time-limits',
    json(async () => ({ items: await deps.ds.getRepository(TimeLimitRuleRow).find({ order: { processKey: 'ASC', taskKey: 'ASC' } }) })),
  );
  r.put(
    '/time-limits/:id',
    json(async (req, res) => {
      const id = String(req.params.id);
      const body = parseOrThrow(ruleSchema, req.body, '办理时限规则');
      const repo = deps.ds.getRepository(TimeLimitRuleRow);
      const rule = /^[0-9a-f-]{36}$/i.test(id) ? await repo.findOneBy({ id }) : null;
      if (!rule) throw new NotFoundError('TIME_LIMIT_NOT_FOUND', '办理时限规则不存在');
      // Changes apply to tasks created afterwards; running tasks keep the instants they were given until the admin applies the rule to them (below).
      await repo.update({ id }, { ...body, updatedBy: req.user!.username, updatedAt: new Date() });
      res.locals.auditTarget = `${rule.processKey}/${rule.taskKey}`;
      return repo.findOneByOrFail({ id });
    }),
  );
  // 应用到在办任务: only when the admin asks, the step's open tasks get the new rule's deadlines (due date, variables, ladder timers).
  const timeLimits = new TimeLimitService(deps.ds, deps.engine, deps.deadlines);
  r.post(
    '/time-limits/:id/apply',
    json(async (req, res) => {
      const out = await timeLimits.applyToOpenTasks(req.user!, String(req.params.id));
      res.locals.auditTarget = `${out.processKey}/${out.taskKey}`;
      res.locals.auditDetail = JSON.stringify({ tasks: out.tasks, timers: out.timers });
      return out;
    }),
  );
  // 系统参数: the township approval limit of 临时救助 (also the pay-first cap); each change is audited like every PUT.
  const settings = new SettingsService(deps.ds, deps.cfg);
  r.get(
    '/settings',
    json(async () => settings.list()),
  );
  r.put(
    '/settings/township-limit',
    json(async (req, res) => {
      const { valueYuan } = parseOrThrow(townshipLimitSchema, req.body, '乡镇审批限额');
      await settings.setTownshipLimit(valueYuan, req.user!.username);
      res.locals.auditTarget = `${TOWNSHIP_LIMIT_KEY}=${valueYuan}`;
      return settings.list();
    }),
  );
  r.get(
    '/calendar',
    json(async () => ({ items: await deps.ds.getRepository(CalendarYearRow).find({ order: { year: 'ASC' } }) })),
  );
  r.put(
    '/calendar/:year',
    json(async (req) => {
      const year = Number(req.params.year);
      if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new BadRequestError('YEAR_INVALID', '年份不正确', 'year');
      const body = parseOrThrow(calendarSchema, req.body, '工作日历');
      let checked: CalendarYear;
      try {
        checked = validateCalendarYear({ year, holidays: body.holidays, workdays: body.workdays });
      } catch (err) {
        throw new BadRequestError('CALENDAR_INVALID', (err as Error).message);
      }
      await deps.ds.getRepository(CalendarYearRow).upsert({ ...checked, source: body.source ?? null, updatedAt: new Date() }, ['year']);
      deps.deadlines.invalidateCalendar();
      return deps.ds.getRepository(CalendarYearRow).findOneByOrFail({ year });
    }),
  );
  return r;
}
