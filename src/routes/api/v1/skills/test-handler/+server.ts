import { json } from '@sveltejs/kit';
import { testHandlerSchema } from '$lib/schemas/skill';
import { getRuntime } from '$lib/server/runtime';
import { engine } from '$lib/server/workflow';
import { handle, readBody } from '$lib/server/api';
import { runToolHandler } from '$lib/server/workflow/skills';
import type { RequestHandler } from './$types';

/** Runs one tool handler with the given args: `{result, error, duration_ms}` (plus the handler's logs). */
export const POST: RequestHandler = ({ request }) =>
	handle(async () => {
		const b = await readBody(request, testHandlerSchema);
		const cfg = getRuntime().config.workflow;
		const e = engine();
		const r = await runToolHandler({
			handler: b.handler,
			handlerType: b.handler_type,
			args: b.args,
			timeoutMs: (b.timeout ?? 5) * 1000,
			signal: request.signal,
			execEnabled: cfg.exec.enabled,
			allowHosts: cfg.http.allow_hosts,
			getVar: (k) => e.getVar(k)
		});
		return json(r);
	});
