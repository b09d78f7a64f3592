import { gatewayLimits, gatewayRoute, rawRequest, registry, usageWriter } from '$lib/server/gateway';
import { passthrough } from '$lib/server/gateway/passthrough';
import { getRuntime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const fallback: RequestHandler = (event) =>
	gatewayRoute(
		event,
		(identity) =>
			passthrough(registry(), usageWriter(), gatewayLimits(), event.request, event.params.key, event.params.path, event.url.search, {
				requestId: event.locals.requestId,
				identity,
				source: 'gateway',
				req: rawRequest(event),
				log: event.locals.log
			}, getRuntime().config.server.body_limit),
		{ native: true }
	);
