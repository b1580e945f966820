// Adds (or rebuilds) the escalation ladder of §4 on every user task of a BPMN model, on the
// model tree of bpmn-moddle (never on the XML text):
//   - a due date `${<Task>_dueAt}` unless the task already sets its own;
//   - three non-interrupting boundary timers 催办 / 逾期 / 升级 reading `${<Task>_remindAt|_dueAt|_escalateAt}`;
//   - a converging exclusive gateway (unnamed, as joins are) that the three timers flow into, so the model
//     has no fake join (bpmnlint's fake-join rule),
//     then the service task 时限预警 (topic escalation.raise) and the end event 已预警;
//   - their diagram, laid out under the task (or above it): the timers side by side on the task's edge
//     without overlapping, the gateway, the service task and the end event in one column.
// An existing ladder is removed and laid out again, keeping its side, so the script is idempotent.
// Afterwards the whole diagram is moved so that no coordinate is negative.
// Usage: node scripts/add-escalation-ladder.mjs processes/x.bpmn [--above Task_A,Task_B] [--skip Task_C]
import fs from 'node:fs';
import { BpmnModdle } from 'bpmn-moddle';

export const LEVELS = [
  { suffix: 'Remind', name: '催办', variable: 'remindAt' },
  { suffix: 'Due', name: '逾期', variable: 'dueAt' },
  { suffix: 'Escalate', name: '升级', variable: 'escalateAt' },
];

/** Ids of the ladder elements of user task `id`. */
export const ladderIds = (id) => ({
  timers: LEVELS.map((l) => `Timer_${id}_${l.suffix}`),
  timerFlows: LEVELS.map((l) => `Flow_${id}_${l.suffix}`),
  gateway: `Gateway_${id}_Alert`,
  gatewayFlow: `Flow_${id}_Alert`,
  service: `Escalate_${id}`,
  end: `End_${id}_Alerted`,
  endFlow: `Flow_${id}_Alerted`,
});

// Offsets from the task's edge (positive = away from the task) of the column under (or over) it.
const TIMER_SPACING = 45; // centre to centre; a timer is 36 wide, so neighbouring timers keep 9 px apart
// The column reaches 206 px from the edge, as deep as the ladder before it had a gateway, so that
// flows routed under the ladders keep their place.
const GATEWAY = { from: 38, size: 50 };
const SERVICE = { from: 102, height: 50 };
const END = { from: 170, size: 36 };
const MARGIN = 20;

const flowElementsOf = (container) => container.flowElements ?? [];

export async function addEscalationLadder(xml, { above = new Set(), skip = new Set() } = {}) {
  const moddle = new BpmnModdle();
  const { rootElement: definitions } = await moddle.fromXML(xml);
  const plane = definitions.diagrams[0].plane;
  const diOf = (id) => plane.planeElement.find((d) => d.bpmnElement?.id === id);

  const containers = [];
  const collect = (c) => {
    containers.push(c);
    flowElementsOf(c)
      .filter((e) => e.$type === 'bpmn:SubProcess')
      .forEach(collect);
  };
  definitions.rootElements.filter((e) => e.$type === 'bpmn:Process').forEach(collect);

  let added = 0;
  for (const container of containers) {
    for (const task of flowElementsOf(container).filter((e) => e.$type === 'bpmn:UserTask')) {
      const { id } = task;
      const ownDue = `\${${id}_dueAt}`;
      const dueDate = task.$attrs['operaton:dueDate'];
      // A task that computes its own due date (e.g. one per agreed item) keeps it and gets no ladder here.
      if (skip.has(id) || (dueDate && dueDate !== ownDue)) continue;
      const ids = ladderIds(id);
      const taskDi = diOf(id);
      if (!taskDi) throw new Error(`no diagram shape for ${id}`);
      const oldService = diOf(ids.service);
      const up = above.has(id) || (oldService !== undefined && oldService.bounds.y < taskDi.bounds.y);

      // Remove the old ladder, its flows and their diagram.
      const old = new Set([...ids.timers, ...ids.timerFlows, ids.gateway, ids.gatewayFlow, ids.service, ids.end, ids.endFlow]);
      container.flowElements = flowElementsOf(container).filter((e) => !old.has(e.id));
      plane.planeElement = plane.planeElement.filter((d) => !old.has(d.bpmnElement?.id));

      task.$attrs['operaton:dueDate'] = ownDue;

      const flow = (fid, source, target) => {
        const f = moddle.create('bpmn:SequenceFlow', { id: fid, sourceRef: source, targetRef: target });
        source.get('outgoing').push(f);
        target.get('incoming').push(f);
        return f;
      };
      const timers = LEVELS.map((l, i) => {
        const timeDate = moddle.create('bpmn:FormalExpression', { body: `\${${id}_${l.variable}}` });
        const definition = moddle.create('bpmn:TimerEventDefinition', { timeDate });
        return moddle.create('bpmn:BoundaryEvent', {
          id: ids.timers[i],
          name: l.name,
          cancelActivity: false,
          attachedToRef: task,
          eventDefinitions: [definition],
        });
      });
      const gateway = moddle.create('bpmn:ExclusiveGateway', { id: ids.gateway });
      const service = moddle.create('bpmn:ServiceTask', { id: ids.service, name: '时限预警' });
      service.$attrs['operaton:type'] = 'external';
      service.$attrs['operaton:topic'] = 'escalation.raise';
      const end = moddle.create('bpmn:EndEvent', { id: ids.end, name: '已预警' });
      const flows = [...timers.map((t, i) => flow(ids.timerFlows[i], t, gateway)), flow(ids.gatewayFlow, gateway, service), flow(ids.endFlow, service, end)];
      const at = flowElementsOf(container).indexOf(task) + 1;
      container.flowElements.splice(at, 0, ...timers, gateway, service, end, ...flows);
      for (const e of [...timers, gateway, service, end, ...flows]) e.$parent = container;

      // Diagram: s = +1 under the task, -1 over it; `edge` is the task's bottom (or top) edge.
      const { x, y, width: w, height: h } = taskDi.bounds;
      const s = up ? -1 : 1;
      const edge = up ? y : y + h;
      const cx = x + w / 2;
      // A box spanning offsets [from, from + size] away from the edge.
      const span = (from, size) => (up ? edge - from - size : edge + from);
      const bounds = (bx, by, bw, bh) => moddle.create('dc:Bounds', { x: bx, y: by, width: bw, height: bh });
      const point = (px, py) => moddle.create('dc:Point', { x: px, y: py });
      const shape = (element, b, label) =>
        moddle.create('bpmndi:BPMNShape', {
          id: `${element.id}_di`,
          bpmnElement: element,
          bounds: b,
          ...(label ? { label: moddle.create('bpmndi:BPMNLabel', { bounds: label }) } : {}),
        });
      const edgeDi = (f, points) => moddle.create('bpmndi:BPMNEdge', { id: `${f.id}_di`, bpmnElement: f, waypoint: points.map(([px, py]) => point(px, py)) });

      const gatewayTop = span(GATEWAY.from, GATEWAY.size);
      const gatewayMidY = gatewayTop + GATEWAY.size / 2;
      const di = [];
      timers.forEach((t, i) => {
        const tx = cx + (i - 1) * TIMER_SPACING;
        di.push(shape(t, bounds(tx - 18, edge - 18, 36, 36), bounds(tx + 4, up ? edge - 36 : edge + 22, 24, 14)));
      });
      di.push(shape(gateway, bounds(cx - GATEWAY.size / 2, gatewayTop, GATEWAY.size, GATEWAY.size)));
      di.push(shape(service, bounds(x, span(SERVICE.from, SERVICE.height), w, SERVICE.height)));
      const endTop = span(END.from, END.size);
      di.push(shape(end, bounds(cx - END.size / 2, endTop, END.size, END.size), bounds(cx + 22, endTop + 11, 36, 14)));
      // Left and right timers run to the gateway's corners, the middle one to its near tip.
      di.push(
        edgeDi(flows[0], [
          [cx - TIMER_SPACING, edge + 18 * s],
          [cx - TIMER_SPACING, gatewayMidY],
          [cx - GATEWAY.size / 2, gatewayMidY],
        ]),
      );
      di.push(
        edgeDi(flows[1], [
          [cx, edge + 18 * s],
          [cx, up ? gatewayTop + GATEWAY.size : gatewayTop],
        ]),
      );
      di.push(
        edgeDi(flows[2], [
          [cx + TIMER_SPACING, edge + 18 * s],
          [cx + TIMER_SPACING, gatewayMidY],
          [cx + GATEWAY.size / 2, gatewayMidY],
        ]),
      );
      di.push(
        edgeDi(flows[3], [
          [cx, up ? gatewayTop : gatewayTop + GATEWAY.size],
          [cx, up ? span(SERVICE.from, SERVICE.height) + SERVICE.height : span(SERVICE.from, SERVICE.height)],
        ]),
      );
      di.push(
        edgeDi(flows[4], [
          [cx, up ? span(SERVICE.from, SERVICE.height) : span(SERVICE.from, SERVICE.height) + SERVICE.height],
          [cx, up ? endTop + END.size : endTop],
        ]),
      );
      for (const d of di) d.$parent = plane;
      plane.planeElement.push(...di);
      added++;
    }
  }

  moveIntoPositiveQuadrant(plane);
  const { xml: out } = await moddle.toXML(definitions, { format: true });
  return { xml: `${out}\n`, added };
}

/** Moves every shape, label and waypoint so that the diagram's smallest coordinate is MARGIN (only when one is below 0). */
function moveIntoPositiveQuadrant(plane) {
  const boxes = [];
  const points = [];
  for (const d of plane.planeElement) {
    if (d.bounds) boxes.push(d.bounds);
    if (d.label?.bounds) boxes.push(d.label.bounds);
    if (d.waypoint) points.push(...d.waypoint);
  }
  const all = [...boxes, ...points];
  const minX = Math.min(...all.map((p) => p.x));
  const minY = Math.min(...all.map((p) => p.y));
  const dx = minX < 0 ? MARGIN - minX : 0;
  const dy = minY < 0 ? MARGIN - minY : 0;
  if (!dx && !dy) return;
  for (const p of all) {
    p.x += dx;
    p.y += dy;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, ...args] = process.argv.slice(2);
  const listArg = (name) => {
    const i = args.indexOf(name);
    return new Set(i >= 0 ? args[i + 1].split(',') : []);
  };
  const { xml, added } = await addEscalationLadder(fs.readFileSync(file, 'utf8'), { above: listArg('--above'), skip: listArg('--skip') });
  fs.writeFileSync(file, xml);
  console.log(`${file}: escalation ladder laid out on ${added} user task(s)`);
}
