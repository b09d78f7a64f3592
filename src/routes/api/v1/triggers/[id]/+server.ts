import { json } from '@sveltejs/kit';
import { cronTriggerConfigSchema, httpTriggerConfigSchema, triggerUpdateSchema } from '$lib/schemas/trigger';
import { REDACTED } from '$lib/server/crypto/secrets';
import { getRuntime } from '$lib/server/runtime';
import { deleteTrigger, getTrigger, updateTrigger } from '$lib/server/store/queries/triggers';
import { actor, apiError, handle, notFound, readBody } from '$lib/server/api';
import { triggerJson } from '$lib/server/workflow/serialize';
import { cronProblem } from '$lib/server/workflow/workflows';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	const t = await getTrigger(getRuntime().db, params.id);
	return t ? json(triggerJson(t)) : notFound('trigger');
};

/** A blank or "***" webhook secret keeps the stored one; re-enabling clears last_error. */
export const PUT: RequestHandler = ({ params, request, locals }) =>
	handle(async () => {
		const body = await readBody(request, triggerUpdateSchema);
		const rt = getRuntime();
		const t = await getTrigger(rt.db, params.id);
		if (!t) return notFound('trigger');
		let config = t.config;
		if (body.config) {
			const merged: Record<string, unknown> = { ...t.config, ...body.config };
			if (t.type === 'http' && (body.config.secret === REDACTED || body.config.secret === undefined)) merged.secret = t.config.secret;
			const parsed = (t.type === 'http' ? httpTriggerConfigSchema : cronTriggerConfigSchema).safeParse(merged);
			if (!parsed.success) return apiError(400, parsed.error.issues.map((i) => `config.${i.path.join('.')}: ${i.message}`).join('; '));
			config = parsed.data as Record<string, unknown>;
			if (t.type === 'http' && config.secret === '') delete config.secret;
		}
		if (t.type === 'cron') {
			const problem = cronProblem(String(config.schedule ?? ''), String(config.timezone ?? 'UTC'));
			if (problem) return apiError(400, `config.schedule: ${problem}`);
		}
		const row = await updateTrigger(rt.db, t.id, {
			config,
			...(body.node_id !== undefined ? { nodeId: body.node_id } : {}),
			...(body.alias !== undefined && t.type === 'http' ? { alias: body.alias || null } : {}),
			...(body.public !== undefined ? { public: body.public } : {}),
			...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
			...(body.enabled || body.config ? { lastError: null } : {}),
			updatedBy: actor(locals)
		});
		await rt.bus.publish('triggers.changed', { trigger_id: t.id });
		return json(triggerJson(row!));
	});

export const DELETE: RequestHandler = async ({ params }) => {
	const rt = getRuntime();
	if (!(await deleteTrigger(rt.db, params.id))) return notFound('trigger');
	await rt.bus.publish('triggers.changed', { trigger_id: params.id });
	return new Response(null, { status: 204 });
};
