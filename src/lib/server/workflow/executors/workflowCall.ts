import { NodeError, type Executor } from '../types';
import { maybeJson } from '../util';

/** Runs another workflow's active version as a child run and emits its outputs. */
export const workflowCall: Executor = async (ctx) => {
	const depth = ctx.run.depth + 1;
	if (depth > ctx.host.config.maxDepth)
		throw new NodeError(`workflow call depth limit of ${ctx.host.config.maxDepth} reached (workflow.max_depth); is the workflow calling itself?`);
	const tpl = String(ctx.data.inputs ?? '');
	const inputs = tpl.trim() ? maybeJson(await ctx.render(tpl)) : (ctx.inputs.inputs ?? {});
	const child = await ctx.host.runChild({ workflowId: String(ctx.data.workflow_id), inputs, parentRunId: ctx.run.id, depth, signal: ctx.signal });
	if (child.status !== 'succeeded') throw new NodeError(`child run ${child.runId} ${child.status}: ${child.error ?? 'no error message'}`);
	return { outputs: { output: child.outputs } };
};
