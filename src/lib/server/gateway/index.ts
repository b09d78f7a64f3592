import type { RequestEvent } from '@sveltejs/kit';
import type { IncomingMessage } from 'node:http';
import { getRuntime } from '../runtime';
import { ChatService } from './chat';
import { errorResponse, GatewayError } from './errors';
import type { GatewayLimits } from './limits';
import type { ProviderRegistry } from './registry';
import type { GatewayIdentity, GatewayTokens } from './tokens';
import type { UsageWriter } from './usageWriter';

export const registry = () => getRuntime().service<ProviderRegistry>('providers')!;
export const gatewayTokens = () => getRuntime().service<GatewayTokens>('gateway-tokens')!;
export const usageWriter = () => getRuntime().service<UsageWriter>('usage-writer')!;
export const gatewayLimits = () => getRuntime().service<GatewayLimits>('gateway-limits')!;

let chat: ChatService | undefined;
export function chatService(): ChatService {
	chat ??= new ChatService(getRuntime(), registry(), usageWriter(), gatewayLimits());
	return chat;
}

export function rawRequest(event: RequestEvent): IncomingMessage | undefined {
	return (event.platform as { req?: IncomingMessage } | undefined)?.req;
}

/** Runs a gateway handler: authenticates the token and turns GatewayErrors into OpenAI-shaped answers. */
export async function gatewayRoute(
	event: RequestEvent,
	handler: (identity: GatewayIdentity) => Promise<Response>,
	opts: { native?: boolean } = {}
): Promise<Response> {
	try {
		const identity = await gatewayTokens().authenticate(event.request, opts);
		event.locals.log.token = identity.prefix;
		return await handler(identity);
	} catch (e) {
		if (e instanceof GatewayError) return errorResponse(e);
		throw e;
	}
}
