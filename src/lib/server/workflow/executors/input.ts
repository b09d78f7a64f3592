import type { Executor } from '../types';

/** Emits the run's inputs. */
export const input: Executor = async (ctx) => ({ outputs: { output: ctx.run.inputs ?? {} } });
