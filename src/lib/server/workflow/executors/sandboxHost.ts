import { runScript, safeHttpHost, type RunScriptResult } from '../sandbox';
import type { NodeContext } from '../types';

/** Evaluates node JavaScript in the sandbox with getVar, log and SSRF-guarded http bound to the run. */
export function evaluate(ctx: NodeContext, code: string, mode: 'expression' | 'function', globals: Record<string, unknown> = ctx.scope): Promise<RunScriptResult> {
	return runScript(code, {
		mode,
		globals,
		signal: ctx.signal,
		host: {
			getVar: (k) => ctx.host.getVar(k),
			log: (level, message) => ctx.log(level, message),
			http: safeHttpHost({ allowHosts: ctx.host.config.allowHosts, signal: ctx.signal })
		}
	});
}
