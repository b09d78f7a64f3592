import type { Executor } from '../types';

/** Emits payload ⊕ {trigger_id, triggered_at, schedule} as built by the scheduler; editor runs emit their inputs. */
export const cronTrigger: Executor = async (ctx) => ({ outputs: { output: ctx.run.payload ?? ctx.run.inputs ?? {} } });
