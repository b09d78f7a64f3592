import { json } from '@sveltejs/kit';
import { gatewayRoute, registry } from '$lib/server/gateway';
import { getModel } from '$lib/server/gateway/models';
import { getRuntime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	gatewayRoute(event, async (identity) =>
		json(getModel(registry(), identity, event.params.id, Math.floor(getRuntime().startedAt.getTime() / 1000)))
	);
