import { gatewayLimits, gatewayRoute, rawRequest, registry, usageWriter } from '$lib/server/gateway';
import { embeddings } from '$lib/server/gateway/embeddings';
import { getRuntime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) =>
	gatewayRoute(event, (identity) =>
		embeddings(
			registry(),
			usageWriter(),
			gatewayLimits(),
			event.request,
			{ requestId: event.locals.requestId, identity, source: 'gateway', req: rawRequest(event), log: event.locals.log },
			getRuntime().config.server.body_limit
		)
	);
