/**
 * The models in processes/ read with bpmn-moddle (never with regular expressions):
 * every element of each model, flattened out of (event) subprocesses.
 */
import { BpmnModdle } from 'bpmn-moddle';
import { modelFiles } from '../../runtime/deploy.js';

/** A bpmn-moddle element; attributes of the operaton namespace are kept in `$attrs`. */
export interface ModelElement {
  $type: string;
  id: string;
  name?: string;
  $attrs: Record<string, string>;
  [key: string]: any;
}

export interface ParsedModel {
  name: string;
  definitions: ModelElement;
  /** Every flow element of every process, subprocesses included. */
  elements: ModelElement[];
}

export async function parsedModels(): Promise<ParsedModel[]> {
  return Promise.all(
    modelFiles().map(async ({ name, content }) => {
      const { rootElement } = await new BpmnModdle().fromXML(content);
      const definitions = rootElement as ModelElement;
      const elements: ModelElement[] = [];
      const walk = (list: ModelElement[] | undefined) => {
        for (const e of list ?? []) {
          elements.push(e);
          walk(e.flowElements);
        }
      };
      for (const root of definitions.rootElements as ModelElement[]) if (root.$type === 'bpmn:Process') walk(root.flowElements);
      return { name, definitions, elements };
    }),
  );
}
