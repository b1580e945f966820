/**
 * Once per installation, after the models that name the county are deployed:
 * instances started before counties were isolated get their `countyCode`
 * variable (the models' candidate groups `dept:${countyCode}:civil` … need it
 * for the steps still ahead), and their open tasks' candidate groups written
 * the old way (`dept:civil`, `role:leader`) are replaced by the county's
 * (`dept:<county>:civil`), so the demo data of an existing install keeps
 * working. The county of an instance is that of its case, matter or payroll
 * (by business key); an installation had one county then, the fallback.
 */
import type { DataSource } from 'typeorm';
import { AppSetting } from '../entities/app-setting.entity.js';
import { AssistanceCase } from '../entities/assistance-case.entity.js';
import { ConferenceMatter } from '../entities/conference-matter.entity.js';
import { Department } from '../entities/department.entity.js';
import { Unit } from '../entities/unit.entity.js';
import { ROLES } from '../roles.js';
import type { Logger } from '../logger.js';
import { PROCESS, countyCodeOf, parseGroup } from './contract.js';
import type { EngineClient } from './engine-client.js';

export const COUNTY_UPGRADE_KEY = 'upgrade.county-groups';
const PAGE = 500;

export async function upgradeToCountyGroups(ds: DataSource, engine: EngineClient, log: Logger): Promise<{ instances: number; tasks: number }> {
  if (await ds.getRepository(AppSetting).existsBy({ key: COUNTY_UPGRADE_KEY })) return { instances: 0, tasks: 0 };
  const first = await ds.getRepository(Unit).findOne({ where: { level: 'county' }, order: { code: 'ASC' } });
  let instances = 0;
  let tasks = 0;
  if (first) {
    const known = new Map<string, string>();
    for (let i = 0; ; i += PAGE) {
      const page = await engine.variableInstances('countyCode', i, PAGE);
      for (const v of page) if (typeof v.value === 'string') known.set(v.processInstanceId, v.value);
      if (page.length < PAGE) break;
    }
    const countyOfKey = async (businessKey: string | null): Promise<string> => {
      if (businessKey) {
        const c = await ds.getRepository(AssistanceCase).findOne({ select: { id: true, unitCode: true }, where: { caseNo: businessKey } });
        if (c) return countyCodeOf(c.unitCode);
        const m = await ds.getRepository(ConferenceMatter).findOne({ select: { id: true, countyCode: true }, where: { matterNo: businessKey } });
        if (m) return m.countyCode;
        const run = /^FF-(\d{6})-/.exec(businessKey);
        if (run) return run[1]!;
      }
      return first.code;
    };
    for (const key of Object.values(PROCESS)) {
      if (key === PROCESS.monthlyPayrollSchedule) continue; // one per installation, it has no user task
      const missing: { id: string; businessKey: string | null }[] = [];
      for (let i = 0; ; i += PAGE) {
        const page = await engine.processInstances({ processDefinitionKey: key }, i, PAGE);
        missing.push(...page.filter((p) => !known.has(p.id)));
        if (page.length < PAGE) break;
      }
      for (const p of missing) {
        const county = await countyOfKey(p.businessKey);
        await engine.setVariables(p.id, { countyCode: county });
        known.set(p.id, county);
        instances++;
      }
    }
    const depts = await ds.getRepository(Department).find({ select: { code: true } });
    const legacy = [...depts.map((d) => `dept:${d.code}`), ...ROLES.map((r) => `role:${r}`)];
    // Replaced groups leave the result, so the first page is read again until it is empty.
    for (;;) {
      const open = await engine.queryTasks({ candidateGroups: legacy, includeAssignedTasks: true }, 0, PAGE);
      let replaced = 0;
      for (const t of open) {
        const county = known.get(t.processInstanceId) ?? first.code;
        for (const l of await engine.identityLinks(t.id)) {
          const g = l.type === 'candidate' && l.groupId ? parseGroup(l.groupId) : null;
          if (g && (g.kind === 'dept' || g.kind === 'role') && g.county === null) {
            await engine.replaceCandidateGroup(t.id, l.groupId!, `${g.kind}:${county}:${g.code}`);
            replaced++;
          }
        }
        tasks++;
      }
      if (!replaced) break;
    }
  }
  await ds.getRepository(AppSetting).upsert({ key: COUNTY_UPGRADE_KEY, value: { instances, tasks }, updatedBy: 'system', updatedAt: new Date() }, ['key']);
  if (instances || tasks) log.info({ instances, tasks }, '已为升级前的流程实例补写所属县，并改写其待办的候选组');
  return { instances, tasks };
}
