// Adds the escalation ladder of §4 to every user task of a BPMN model that lacks one:
// a due date `${<Task>_dueAt}`, three non-interrupting boundary timers (催办 / 逾期 / 升级)
// reading `${<Task>_remindAt|_dueAt|_escalateAt}`, and a shared service task 时限预警
// (topic escalation.raise) with its end event, laid out under the task (or above it).
// Idempotent. Usage: node scripts/add-escalation-ladder.mjs processes/x.bpmn [--above Task_A,Task_B] [--skip Task_C]
import fs from 'node:fs';

const [file, ...args] = process.argv.slice(2);
const listArg = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1].split(',') : [];
};
const above = new Set(listArg('--above'));
const skip = new Set(listArg('--skip'));
let xml = fs.readFileSync(file, 'utf8');

const tasks = [...xml.matchAll(/<bpmn:userTask id="([^"]+)"[^>]*>/g)].map((m) => ({ id: m[1], tag: m[0] }));
const LEVELS = [
  { suffix: 'Remind', name: '催办', variable: 'remindAt' },
  { suffix: 'Due', name: '逾期', variable: 'dueAt' },
  { suffix: 'Escalate', name: '升级', variable: 'escalateAt' },
];
let added = 0;
for (const { id, tag } of tasks) {
  if (skip.has(id) || xml.includes(`id="Escalate_${id}"`)) continue;
  if (/operaton:dueDate=/.test(tag)) continue; // the task sets its own due date (e.g. per agreed item)
  xml = xml.replace(tag, tag.replace(/>$/, ` operaton:dueDate="\${${id}_dueAt}">`));
  const closing = new RegExp(`(<bpmn:userTask id="${id}"[\\s\\S]*?</bpmn:userTask>)`);
  const elements = [
    ...LEVELS.map(
      (l) => `    <bpmn:boundaryEvent id="Timer_${id}_${l.suffix}" name="${l.name}" cancelActivity="false" attachedToRef="${id}">
      <bpmn:outgoing>Flow_${id}_${l.suffix}</bpmn:outgoing>
      <bpmn:timerEventDefinition>
        <bpmn:timeDate xsi:type="bpmn:tFormalExpression">\${${id}_${l.variable}}</bpmn:timeDate>
      </bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>`,
    ),
    `    <bpmn:serviceTask id="Escalate_${id}" name="时限预警" operaton:type="external" operaton:topic="escalation.raise">
${LEVELS.map((l) => `      <bpmn:incoming>Flow_${id}_${l.suffix}</bpmn:incoming>`).join('\n')}
      <bpmn:outgoing>Flow_${id}_Alerted</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:endEvent id="End_${id}_Alerted" name="已预警">
      <bpmn:incoming>Flow_${id}_Alerted</bpmn:incoming>
    </bpmn:endEvent>`,
    ...LEVELS.map((l) => `    <bpmn:sequenceFlow id="Flow_${id}_${l.suffix}" sourceRef="Timer_${id}_${l.suffix}" targetRef="Escalate_${id}" />`),
    `    <bpmn:sequenceFlow id="Flow_${id}_Alerted" sourceRef="Escalate_${id}" targetRef="End_${id}_Alerted" />`,
  ].join('\n');
  xml = xml.replace(closing, `$1\n${elements}`);

  const b = xml.match(new RegExp(`<bpmndi:BPMNShape id="[^"]+" bpmnElement="${id}"[^>]*>\\s*<dc:Bounds x="([\\d.]+)" y="([\\d.]+)" width="([\\d.]+)" height="([\\d.]+)"`));
  if (!b) throw new Error(`no diagram shape for ${id}`);
  const [x, y, w, h] = b.slice(1, 5).map(Number);
  const up = above.has(id);
  const cxs = [x + w * 0.18, x + w * 0.5, x + w * 0.82].map(Math.round);
  const edgeY = up ? y : y + h;
  const svcY = up ? y - 140 : y + h + 60;
  const di = [];
  LEVELS.forEach((l, i) => {
    const cx = cxs[i];
    di.push(`      <bpmndi:BPMNShape id="Timer_${id}_${l.suffix}_di" bpmnElement="Timer_${id}_${l.suffix}">
        <dc:Bounds x="${cx - 18}" y="${edgeY - 18}" width="36" height="36" />
        <bpmndi:BPMNLabel><dc:Bounds x="${cx + 4}" y="${up ? edgeY - 46 : edgeY + 24}" width="24" height="14" /></bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>`);
    di.push(`      <bpmndi:BPMNEdge id="Flow_${id}_${l.suffix}_di" bpmnElement="Flow_${id}_${l.suffix}">
        <di:waypoint x="${cx}" y="${up ? edgeY - 18 : edgeY + 18}" /><di:waypoint x="${cx}" y="${up ? svcY + 80 : svcY}" />
      </bpmndi:BPMNEdge>`);
  });
  // The end event sits under (or over) the service task, so neighbouring ladders never collide.
  const endY = up ? svcY - 66 : svcY + 110;
  di.push(`      <bpmndi:BPMNShape id="Escalate_${id}_di" bpmnElement="Escalate_${id}">
        <dc:Bounds x="${x}" y="${svcY}" width="${w}" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="End_${id}_Alerted_di" bpmnElement="End_${id}_Alerted">
        <dc:Bounds x="${x + w / 2 - 18}" y="${endY}" width="36" height="36" />
        <bpmndi:BPMNLabel><dc:Bounds x="${x + w / 2 + 22}" y="${endY + 11}" width="36" height="14" /></bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="Flow_${id}_Alerted_di" bpmnElement="Flow_${id}_Alerted">
        <di:waypoint x="${x + w / 2}" y="${up ? svcY : svcY + 80}" /><di:waypoint x="${x + w / 2}" y="${up ? endY + 36 : endY}" />
      </bpmndi:BPMNEdge>`);
  xml = xml.replace('    </bpmndi:BPMNPlane>', `${di.join('\n')}\n    </bpmndi:BPMNPlane>`);
  added++;
}
fs.writeFileSync(file, xml);
console.log(`${file}: escalation ladder added to ${added} user task(s)`);
