import { NodeError, type Executor } from '../types';
import { evaluate } from './sandboxHost';

/** Routes its input to `true` or `false` on the truthiness of the expression. */
export const conditional: Executor = async (ctx) => {
	const r = await evaluate(ctx, String(ctx.data.expression ?? ''), 'expression');
	if (!r.ok) throw new NodeError(r.error);
	return { outputs: { [r.value ? 'true' : 'false']: ctx.inputs.input ?? null } };
};
