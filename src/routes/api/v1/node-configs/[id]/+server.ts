import { json } from '@sveltejs/kit';
import { nodeConfigDataSchemas, nodeConfigUpdateSchema } from '$lib/schemas/nodeConfig';
import { decryptNodeConfigData, encryptNodeConfigData, NODE_CONFIG_SECRET_FIELDS, REDACTED } from '$lib/server/crypto/secrets';
import { getRuntime } from '$lib/server/runtime';
import { deleteNodeConfig, getNodeConfig, updateNodeConfig } from '$lib/server/store/queries/nodeConfigs';
import { actor, apiError, handle, notFound, readBody } from '$lib/server/api';
import { nodeConfigJson } from '$lib/server/workflow/serialize';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	const c = await getNodeConfig(getRuntime().db, params.id);
	return c ? json(nodeConfigJson(c)) : notFound('node config');
};

/** A sensitive field left blank (or "***") keeps the stored value. */
export const PUT: RequestHandler = ({ params, request, locals }) =>
	handle(async () => {
		const b = await readBody(request, nodeConfigUpdateSchema);
		const rt = getRuntime();
		const c = await getNodeConfig(rt.db, params.id);
		if (!c) return notFound('node config');
		let data = c.data;
		if (b.data) {
			const stored = decryptNodeConfigData(c.type, c.data, rt.key);
			const merged: Record<string, unknown> = { ...stored, ...b.data };
			for (const f of NODE_CONFIG_SECRET_FIELDS[c.type] ?? []) {
				delete merged[`has_${f}`];
				if (b.data[f] === undefined || b.data[f] === '' || b.data[f] === REDACTED) merged[f] = stored[f];
			}
			const schema = nodeConfigDataSchemas[c.type];
			const parsed = schema ? schema.safeParse(merged) : { success: true as const, data: merged };
			if (!parsed.success) return apiError(400, parsed.error.issues.map((i) => `data.${i.path.join('.')}: ${i.message}`).join('; '));
			data = encryptNodeConfigData(c.type, parsed.data, rt.key);
		}
		const row = await updateNodeConfig(rt.db, c.id, { ...(b.name !== undefined ? { name: b.name } : {}), data, updatedBy: actor(locals) });
		return json(nodeConfigJson(row!));
	});

export const DELETE: RequestHandler = async ({ params }) =>
	(await deleteNodeConfig(getRuntime().db, params.id)) ? new Response(null, { status: 204 }) : notFound('node config');
