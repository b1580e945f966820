/**
 * The shape of the models in processes/, read with bpmn-moddle: which user
 * tasks a process reaches next from a given activity. The step that leads
 * into a user task computes that task's deadlines, so they exist as variables
 * before the engine creates the task and its boundary timers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import { REPO_ROOT } from '../config.js';

interface Node {
  id: string;
  type: string;
  name: string;
  outgoing: string[];
  /** For an embedded subprocess: its start events. */
  starts: string[];
  /** For an end event inside a subprocess: the subprocess. */
  parent: string | null;
  /** Inside an event subprocess (its start is triggered by an event, not by flow). */
  inEventSubprocess: boolean;
}

export interface UserTaskInfo {
  key: string;
  name: string;
}

export class ProcessGraph {
  private constructor(
    private readonly nodes: Map<string, Node>,
    /** Every sequence flow with its source and target activity. */
    readonly flows: { id: string; source: string; target: string }[] = [],
  ) {}

  /**
   * The sequence flows an instance took, from its activity history (gateways
   * included): the engine keeps no history of flows. Each activity instance
   * was entered through one of the flows leading into its step: the one whose
   * source instance ended last before it started (a loop back is taken only on
   * the pass that used it). No clock slack, so a slow engine draws the same path.
   */
  takenFlows(history: { activityId: string; start: string; end: string | null }[]): string[] {
    /** Engine timestamps have millisecond precision; a step may start in the same instant its predecessor ends. */
    const SAME_INSTANT_MS = 20;
    const step = (activityId: string) => activityId.replace(/#multiInstanceBody$/, '');
    const into = new Map<string, { id: string; source: string }[]>();
    for (const f of this.flows) into.set(f.target, [...(into.get(f.target) ?? []), f]);
    const ended = history.filter((h) => h.end).map((h) => ({ step: step(h.activityId), end: Date.parse(h.end!) }));
    const taken = new Set<string>();
    for (const h of history) {
      const flows = into.get(step(h.activityId));
      if (!flows) continue;
      const start = Date.parse(h.start);
      let latest = -Infinity;
      let via: string[] = [];
      for (const f of flows) {
        for (const s of ended) {
          if (s.step !== f.source || s.end > start + SAME_INSTANT_MS) continue;
          if (s.end > latest) [latest, via] = [s.end, [f.id]];
          else if (s.end === latest && !via.includes(f.id)) via.push(f.id);
        }
      }
      for (const id of via) taken.add(id);
    }
    return [...taken];
  }

  /** Parses one BPMN file's executable process. */
  static async fromXml(xml: string): Promise<{ key: string; graph: ProcessGraph }> {
    const moddle = new BpmnModdle();
    const { rootElement } = await moddle.fromXML(xml);
    const process = (rootElement as any).rootElements.find((e: any) => e.$type === 'bpmn:Process');
    const nodes = new Map<string, Node>();
    const flows = new Map<string, string>();
    const flowList: { id: string; source: string; target: string }[] = [];
    const walk = (elements: any[], parent: string | null, inEventSubprocess: boolean) => {
      for (const el of elements ?? []) {
        if (el.$type === 'bpmn:SequenceFlow') {
          flows.set(el.id, el.targetRef.id);
          flowList.push({ id: el.id, source: el.sourceRef.id, target: el.targetRef.id });
          continue;
        }
        const node: Node = {
          id: el.id,
          type: el.$type,
          name: el.name ?? el.id,
          outgoing: (el.outgoing ?? []).map((f: any) => f.id),
          starts: [],
          parent,
          inEventSubprocess,
        };
        nodes.set(el.id, node);
        if (el.$type === 'bpmn:SubProcess') {
          if (!el.triggeredByEvent) node.starts = (el.flowElements ?? []).filter((c: any) => c.$type === 'bpmn:StartEvent').map((c: any) => c.id);
          walk(el.flowElements, el.triggeredByEvent ? null : el.id, inEventSubprocess || !!el.triggeredByEvent);
        }
      }
    };
    walk(process.flowElements, null, false);
    // Resolve flow ids to target node ids.
    for (const n of nodes.values()) n.outgoing = n.outgoing.map((f) => flows.get(f)!).filter(Boolean);
    return { key: process.id, graph: new ProcessGraph(nodes, flowList) };
  }

  /** The none start events of the process (not those of event subprocesses). */
  startEvents(): string[] {
    return [...this.nodes.values()].filter((n) => n.type === 'bpmn:StartEvent' && n.parent === null && !n.inEventSubprocess).map((n) => n.id);
  }

  /** Every user task of the process. */
  userTasks(): UserTaskInfo[] {
    return [...this.nodes.values()].filter((n) => n.type === 'bpmn:UserTask').map((n) => ({ key: n.id, name: n.name }));
  }

  /**
   * The user tasks the process can reach from `activityId` without passing a
   * service task or a waiting event (those compute their own successors' deadlines);
   * business rule tasks (DMN, evaluated by the engine at once) are looked past.
   */
  nextUserTasks(activityId: string): UserTaskInfo[] {
    const found = new Map<string, UserTaskInfo>();
    const seen = new Set<string>();
    const start = this.nodes.get(activityId);
    if (!start) return [];
    const queue = [...start.outgoing];
    while (queue.length) {
      const id = queue.shift()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const n = this.nodes.get(id);
      if (!n) continue;
      switch (n.type) {
        case 'bpmn:UserTask':
          found.set(n.id, { key: n.id, name: n.name });
          break;
        case 'bpmn:BusinessRuleTask': // a decision evaluated by the engine in the same transaction: look past it
        case 'bpmn:ExclusiveGateway':
        case 'bpmn:ParallelGateway':
        case 'bpmn:InclusiveGateway':
        case 'bpmn:EventBasedGateway':
          queue.push(...n.outgoing);
          break;
        case 'bpmn:SubProcess':
          queue.push(...n.starts.flatMap((s) => this.nodes.get(s)?.outgoing ?? []));
          break;
        case 'bpmn:EndEvent':
          if (n.parent) queue.push(...(this.nodes.get(n.parent)?.outgoing ?? []));
          break;
        default:
          break; // service tasks, timers and message events compute their own successors
      }
    }
    return [...found.values()];
  }
}

let graphs: Promise<Map<string, ProcessGraph>> | undefined;

/** The graphs of every model in processes/, parsed once per process. */
export function processGraphs(dir = path.join(REPO_ROOT, 'processes')): Promise<Map<string, ProcessGraph>> {
  graphs ??= (async () => {
    const map = new Map<string, ProcessGraph>();
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.bpmn'))) {
      const { key, graph } = await ProcessGraph.fromXml(fs.readFileSync(path.join(dir, f), 'utf8'));
      map.set(key, graph);
    }
    return map;
  })();
  return graphs;
}
