import { chatService, rawRequest } from '$lib/server/gateway';
import type { RequestHandler } from './$types';

// The admin chat playground: the gateway's code path, authenticated by the session (guard in hooks).
export const POST: RequestHandler = (event) =>
	chatService().handle(event.request, {
		requestId: event.locals.requestId,
		source: 'chat',
		req: rawRequest(event),
		log: event.locals.log
	});
