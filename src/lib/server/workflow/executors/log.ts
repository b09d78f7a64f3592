import { log as serverLog } from '../../log';
import type { Executor, LogLevel } from '../types';

/** Writes the rendered message to the run's step log and the server log; passes its input through. */
export const logNode: Executor = async (ctx) => {
	const level = (['debug', 'info', 'warn', 'error'].includes(String(ctx.data.level)) ? ctx.data.level : 'info') as LogLevel;
	const message = await ctx.render(String(ctx.data.message ?? ''));
	ctx.log(level, message);
	serverLog[level]('workflow log', { run_id: ctx.run.id, node_id: ctx.node.id, message });
	return { outputs: { output: ctx.inputs.data ?? null } };
};
