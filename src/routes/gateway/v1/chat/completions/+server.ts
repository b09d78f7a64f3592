import { chatService, gatewayRoute, rawRequest } from '$lib/server/gateway';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) =>
	gatewayRoute(event, (identity) =>
		chatService().handle(event.request, {
			requestId: event.locals.requestId,
			identity,
			source: 'gateway',
			req: rawRequest(event),
			log: event.locals.log
		})
	);
