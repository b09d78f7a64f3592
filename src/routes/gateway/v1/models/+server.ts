import { json } from '@sveltejs/kit';
import { gatewayRoute, registry } from '$lib/server/gateway';
import { anthropicModelList, listModels } from '$lib/server/gateway/models';
import { getRuntime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	gatewayRoute(event, async (identity) => {
		const models = listModels(registry(), identity, Math.floor(getRuntime().startedAt.getTime() / 1000));
		if (event.request.headers.has('anthropic-version')) return json(anthropicModelList(models));
		return json({ object: 'list', data: models });
	});
