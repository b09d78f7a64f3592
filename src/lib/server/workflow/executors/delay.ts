import { parseDurationMs } from '$lib/workflow';
import { NodeError, type Executor } from '../types';
import { sleep } from '../util';

/** Waits (cancellable), then passes its input through. */
export const delay: Executor = async (ctx) => {
	const ms = parseDurationMs(ctx.data.duration);
	if (ms === null) throw new NodeError(`duration: cannot read "${String(ctx.data.duration)}"`);
	await sleep(ms, ctx.signal);
	return { outputs: { output: ctx.inputs.input ?? null } };
};
