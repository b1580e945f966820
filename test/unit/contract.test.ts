import { expect } from 'chai';
import { BPMN_ERROR, PROCESS, TOPIC, countyCodeOf, countyOfGroups, departmentsOfGroups, group, parseGroup } from '../../domain/engine/contract.js';
import type { Services } from '../../domain/composition.js';
import { createTopics } from '../../workers/topics/index.js';
import { type ParsedModel, parsedModels } from '../support/models.js';

const CHINESE = /[\u4e00-\u9fa5]/u;

describe('流程模型与工作进程的约定', () => {
  let models: ParsedModel[];
  before(async () => {
    models = await parsedModels();
  });
  const elements = () => models.flatMap((m) => m.elements);

  it('every external-task topic in processes/ is served by a worker, and every worker topic is used', () => {
    const inModels = new Set(
      elements()
        .map((e) => e.$attrs['operaton:topic'])
        .filter((t): t is string => !!t),
    );
    // the factories only keep the services they are given: none is called to list the topics
    const served = new Set(createTopics({} as Services).map((t) => t.topic));
    expect(
      [...inModels].filter((t) => !served.has(t)),
      'topics no worker serves',
    ).to.deep.equal([]);
    expect(
      [...served].filter((t) => !inModels.has(t)),
      'worker topics no model uses',
    ).to.deep.equal([]);
    expect([...served].sort()).to.deep.equal(Object.values(TOPIC).sort());
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: the title quotes the models' expression syntax
  it('各县隔离：模型中的每个候选组都带县（dept:${countyCode}:…、role:${countyCode}:…、unit:…，或由 group.* 算出的变量），没有写死的部门组', () => {
    const groups = elements()
      .map((e) => e.$attrs['operaton:candidateGroups'])
      .filter((g): g is string => !!g);
    expect(groups).to.not.be.empty;
    const countyBound = /^(?:\$\{\w+\}|(?:dept|role):\$\{countyCode\}:.+|unit:\$\{[^}]+\}:\w+)$/;
    expect(
      groups.filter((g) => !countyBound.test(g)),
      'candidate groups without the county',
    ).to.deep.equal([]);
  });

  it('候选组的命名与解析：县取单位代码前六位，新旧写法都能读出部门', () => {
    expect(countyCodeOf('139901100201')).to.equal('139901');
    expect(group.dept('139901', 'civil')).to.equal('dept:139901:civil');
    expect(group.role('139902', 'leader')).to.equal('role:139902:leader');
    expect(parseGroup('dept:139901:civil')).to.deep.equal({ kind: 'dept', county: '139901', code: 'civil' });
    expect(parseGroup('dept:civil')).to.deep.equal({ kind: 'dept', county: null, code: 'civil' });
    expect(parseGroup('unit:139902100:handler')).to.deep.equal({ kind: 'unit', county: '139902', code: '139902100', role: 'handler' });
    expect(parseGroup('user:1')).to.equal(null);
    expect(departmentsOfGroups(['unit:139901100201:village', 'dept:139901:health', 'dept:civil'])).to.deep.equal(['health', 'civil']);
    expect(countyOfGroups(['dept:civil', 'role:139902:leader'])).to.equal('139902');
    expect(countyOfGroups(['dept:civil'])).to.equal(null);
  });

  it('every BPMN error code in the models is declared once in the contract', () => {
    const codes = models.flatMap((m) => (m.definitions.rootElements as { $type: string; errorCode?: string }[]).filter((r) => r.$type === 'bpmn:Error').map((r) => r.errorCode!));
    expect(codes.filter((c) => !(c in BPMN_ERROR))).to.deep.equal([]);
    expect(Object.keys(BPMN_ERROR).every((c) => codes.includes(c))).to.equal(true);
  });

  it('every process in the contract has a model, executable, with a Chinese name and a history time to live', () => {
    const processes = models.flatMap((m) => (m.definitions.rootElements as { $type: string; id: string; name?: string; isExecutable?: boolean; $attrs: Record<string, string> }[]).filter((r) => r.$type === 'bpmn:Process'));
    for (const key of Object.values(PROCESS)) {
      const p = processes.find((x) => x.id === key);
      expect(p, key).to.not.equal(undefined);
      expect(p!.isExecutable, key).to.equal(true);
      expect(p!.name, key).to.match(CHINESE);
      expect(p!.$attrs['operaton:historyTimeToLive'], key).to.match(/^\d+$/);
    }
  });

  it('every task, event and deciding gateway in the models has a Chinese name (joining gateways carry none, as bpmnlint allows)', () => {
    const named = ['bpmn:UserTask', 'bpmn:ServiceTask', 'bpmn:StartEvent', 'bpmn:EndEvent', 'bpmn:BoundaryEvent'];
    const unnamed = elements()
      .filter((e) => named.includes(e.$type) || (e.$type === 'bpmn:ExclusiveGateway' && (e.outgoing ?? []).length > 1))
      .filter((e) => !CHINESE.test(e.name ?? ''))
      .map((e) => e.id);
    expect(unnamed).to.deep.equal([]);
  });

  it('every user task with a time limit has the escalation ladder: 催办 / 逾期 / 升级 timers joined by a gateway into 时限预警', () => {
    const missing: string[] = [];
    for (const task of elements().filter((e) => e.$type === 'bpmn:UserTask' && e.$attrs['operaton:dueDate'] === `\${${e.id}_dueAt}`)) {
      const timers = elements().filter((e) => e.$type === 'bpmn:BoundaryEvent' && e.attachedToRef === task);
      const expressions = timers.map((t) => t.eventDefinitions[0].timeDate.body).sort();
      const expected = ['dueAt', 'escalateAt', 'remindAt'].map((v) => `\${${task.id}_${v}}`);
      const joins = new Set(timers.map((t) => t.outgoing[0].targetRef));
      const [join] = [...joins];
      const service = join?.outgoing?.[0]?.targetRef;
      const ok =
        timers.every((t) => t.cancelActivity === false) &&
        JSON.stringify(expressions) === JSON.stringify(expected) &&
        joins.size === 1 &&
        join.$type === 'bpmn:ExclusiveGateway' &&
        service?.$attrs['operaton:topic'] === TOPIC.escalationRaise;
      if (!ok) missing.push(task.id);
    }
    expect(missing).to.deep.equal([]);
  });
});
