/**
 * 办理表单: what completing a user task asks for, per task definition key. The
 * form validates the body, writes the step's record (home visit, review …) in
 * the same transaction as the timeline line, and returns the process variables
 * the model reads — codes and booleans only, never personal data.
 */
import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import type { AssistanceCase } from '../entities/assistance-case.entity.js';
import type { User } from '../entities/user.entity.js';

export interface FormContext<T> {
  em: EntityManager;
  user: User;
  input: T;
  caseRow: AssistanceCase | null;
  taskId: string;
}

export interface TaskForm<S extends z.ZodType = z.ZodType> {
  schema: S;
  /** Writes the step's own record; returns the timeline opinion and the process variables. */
  apply(ctx: FormContext<z.infer<S>>): Promise<{ opinion: string; variables: Record<string, unknown> }>;
}

/** Declares a form with its schema's type flowing into apply. */
export function defineForm<S extends z.ZodType>(form: TaskForm<S>): TaskForm<S> {
  return form;
}
