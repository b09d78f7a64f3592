import { NodeError, type Executor } from '../types';
import { evaluate } from './sandboxHost';

/** Routes its input to the first case whose expression is truthy, else to `default`. */
export const switchNode: Executor = async (ctx) => {
	const cases = (Array.isArray(ctx.data.cases) ? ctx.data.cases : []) as { name: string; expression: string }[];
	// One evaluation for all cases: each expression is wrapped in its own arrow function, tried in order.
	const code = `const __cases = [${cases.map((c) => `() => (\n${c.expression}\n)`).join(',')}];\nfor (let __i = 0; __i < __cases.length; __i++) if (__cases[__i]()) return __i;\nreturn -1;`;
	const r = cases.length ? await evaluate(ctx, code, 'function') : { ok: true as const, value: -1, logs: [] };
	if (!r.ok) throw new NodeError(r.error);
	const i = typeof r.value === 'number' ? r.value : -1;
	const port = i >= 0 && cases[i] ? cases[i].name : 'default';
	return { outputs: { [port]: ctx.inputs.input ?? null } };
};
