import type { Executor } from '../types';

/** Emits the webhook request ({method, path, query, headers, body, trigger_id, triggered_at}); editor runs emit their inputs. */
export const httpTrigger: Executor = async (ctx) => ({ outputs: { output: ctx.run.payload ?? ctx.run.inputs ?? {} } });
