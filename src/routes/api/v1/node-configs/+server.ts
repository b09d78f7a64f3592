import { json } from '@sveltejs/kit';
import { nodeConfigSchema } from '$lib/schemas/nodeConfig';
import { actor, handle, readBody } from '$lib/server/api';
import { createNodeConfig, nodeConfigs } from '$lib/server/workflow/nodeConfigs';
import { nodeConfigJson } from '$lib/server/workflow/serialize';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url }) => json({ node_configs: (await nodeConfigs(url.searchParams.get('type') ?? undefined)).map(nodeConfigJson) });

/** Sensitive fields (e-mail password) are encrypted at rest and never returned. */
export const POST: RequestHandler = ({ request, locals }) =>
	handle(async () => {
		const b = await readBody(request, nodeConfigSchema);
		return json(nodeConfigJson(await createNodeConfig(b, actor(locals))), { status: 201 });
	});
