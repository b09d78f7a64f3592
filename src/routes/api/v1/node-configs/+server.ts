import { json } from '@sveltejs/kit';
import { nodeConfigDataSchemas, nodeConfigSchema } from '$lib/schemas/nodeConfig';
import { encryptNodeConfigData } from '$lib/server/crypto/secrets';
import { getRuntime } from '$lib/server/runtime';
import { insertNodeConfig, listNodeConfigs } from '$lib/server/store/queries/nodeConfigs';
import { actor, apiError, handle, readBody } from '$lib/server/api';
import { nodeConfigJson } from '$lib/server/workflow/serialize';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url }) =>
	json({ node_configs: (await listNodeConfigs(getRuntime().db, url.searchParams.get('type') ?? undefined)).map(nodeConfigJson) });

/** Sensitive fields (e-mail password) are encrypted at rest and never returned. */
export const POST: RequestHandler = ({ request, locals }) =>
	handle(async () => {
		const b = await readBody(request, nodeConfigSchema);
		const parsed = nodeConfigDataSchemas[b.type].safeParse(b.data);
		if (!parsed.success) return apiError(400, parsed.error.issues.map((i) => `data.${i.path.join('.')}: ${i.message}`).join('; '));
		const rt = getRuntime();
		const user = actor(locals);
		const row = await insertNodeConfig(rt.db, { name: b.name, type: b.type, data: encryptNodeConfigData(b.type, parsed.data, rt.key), createdBy: user, updatedBy: user });
		return json(nodeConfigJson(row), { status: 201 });
	});
