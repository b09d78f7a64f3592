import { NodeError, type Executor } from '../types';
import { evaluate } from './sandboxHost';

/**
 * Runs the code as a function body. A returned value goes to `true` and `always` as `{result}`; a
 * thrown error to `false` and `always` as `{error}`. Time and memory limits fail the node.
 */
export const script: Executor = async (ctx) => {
	const r = await evaluate(ctx, String(ctx.data.code ?? ''), 'function');
	if (r.ok) {
		const v = { result: r.value ?? null };
		return { outputs: { true: v, always: v } };
	}
	if (r.kind !== 'error') throw new NodeError(r.error);
	const v = { error: r.error };
	return { outputs: { false: v, always: v } };
};
