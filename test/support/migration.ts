/**
 * 版本迁移演练: a copy of the real 定期核查 model under its own key, deployed by the tests as
 * version 1 and as version 2 with one step more (复查结果复核 between 入户复查 and 民政核查决定),
 * and running instances started on a version before 入户复查 (the engine's start
 * instructions, so no worker step runs for these made-up reviews). Read and changed with
 * bpmn-moddle, never with regular expressions.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import { REPO_ROOT } from '../../domain/config.js';
import { group } from '../../domain/engine/contract.js';
import { retryOnOptimisticLock } from '../../domain/engine/engine-client.js';
import { thePlatform } from './global-fixture.js';

export const DRILL_KEY = 'migration-drill';
export const DRILL_NAME = '定期核查（迁移演练）';
/** The step version 2 adds. */
export const NEW_STEP = { id: 'Task_ReviewRecheck', name: '复查结果复核' };

/** The step version 3 renames (a new id: the engine's generated plan cannot map it). */
export const RENAMED_STEP = { id: 'Task_HomeRevisit', name: '入户复查（新）' };

/** The model of one version: 定期核查 under the drill's key; version 2 with the extra step; version 3 also with 入户复查 renamed. */
export async function drillModel(version: 1 | 2 | 3): Promise<string> {
  // bpmn-moddle's types declare only fromXML
  const moddle = new BpmnModdle() as any;
  const { rootElement } = await moddle.fromXML(fs.readFileSync(path.join(REPO_ROOT, 'processes', 'periodic-review.bpmn'), 'utf8'));
  const defs = rootElement as any;
  const proc = defs.rootElements.find((e: any) => e.$type === 'bpmn:Process');
  proc.id = DRILL_KEY;
  proc.name = DRILL_NAME;
  if (version >= 2) {
    const flows = proc.flowElements as any[];
    const decision = flows.find((e) => e.id === 'Task_ReviewDecision');
    const toDecision = flows.find((e) => e.id === 'Flow_ToDecision');
    const recheck = moddle.create('bpmn:UserTask', { id: NEW_STEP.id, name: NEW_STEP.name }) as any;
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the engine's expression, as the models write it
    recheck.$attrs['operaton:candidateGroups'] = '${civilGroup}';
    const onward = moddle.create('bpmn:SequenceFlow', { id: 'Flow_RecheckToDecision', sourceRef: recheck, targetRef: decision }) as any;
    toDecision.targetRef = recheck;
    recheck.incoming = [toDecision];
    recheck.outgoing = [onward];
    decision.incoming = [onward];
    flows.push(recheck, onward);
    // the diagram stays that of version 1 (the engine does not need a shape for the new step)
  }
  if (version === 3) {
    // references are objects: the flows, the boundary timers and the diagram follow the new id
    const visit = (proc.flowElements as any[]).find((e) => e.id === 'Task_ReviewVisit');
    visit.id = RENAMED_STEP.id;
    visit.name = RENAMED_STEP.name;
  }
  const { xml } = await moddle.toXML(defs);
  return xml;
}

/** Deploys one version of the drill; returns its definition id. */
export async function deployDrill(version: 1 | 2 | 3): Promise<{ id: string; version: number }> {
  const { engine } = thePlatform();
  const d = await engine.deploy(`${DRILL_KEY}-v${version}-${Date.now()}`, [{ name: `${DRILL_KEY}.bpmn`, content: await drillModel(version) }], 'doudi-test');
  const def = Object.values(d.deployedProcessDefinitions ?? {}).find((p) => p.key === DRILL_KEY);
  if (!def) throw new Error('drill model not deployed');
  return { id: def.id, version: def.version };
}

/** Deadlines far enough ahead that no ladder timer fires during a test. */
function farDeadlines(): Record<string, string> {
  const at = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
  const out: Record<string, string> = {};
  for (const t of ['Task_ReviewVisit', 'Task_ReviewDecision']) Object.assign(out, { [`${t}_remindAt`]: at(20), [`${t}_dueAt`]: at(21), [`${t}_escalateAt`]: at(23) });
  return out;
}

/** Starts `n` instances of a version at 入户复查 for a village of a county; returns their ids. */
export async function startDrill(definitionId: string, n: number, county: string, village: string): Promise<string[]> {
  const { engine } = thePlatform();
  const ids: string[] = [];
  for (let k = 0; k < n; k++) {
    const p = await engine.startProcessBefore(definitionId, 'Task_ReviewVisit', `DRILL-${county}-${Date.now()}-${k}`, {
      countyCode: county,
      reviewId: `drill-${k}`,
      villageGroup: group.unitRole(village, 'village'),
      civilGroup: group.dept(county, 'civil'),
      ...farDeadlines(),
    });
    ids.push(p.id);
  }
  return ids;
}

/** Removes every deployment of the drill with its instances (the rest of the run does not see it). */
export async function removeDrill(): Promise<void> {
  const { engine } = thePlatform();
  for (const p of await engine.processInstances({ processDefinitionKey: DRILL_KEY }, 0, 5000)) await retryOnOptimisticLock(() => engine.deleteInstance(p.id), 20).catch(() => undefined);
  for (const d of await engine.listDeployments()) if (d.name.startsWith(`${DRILL_KEY}-v`)) await retryOnOptimisticLock(() => engine.deleteDeployment(d.id), 20);
}
