import { getRuntime } from '../runtime';
import type { Scheduler } from '../scheduler';
import type { WorkflowEngine } from './engine';

export const engine = (): WorkflowEngine => getRuntime().service<WorkflowEngine>('workflow-engine')!;
export const scheduler = (): Scheduler => getRuntime().service<Scheduler>('scheduler')!;
