import { base } from '$app/paths';
import { registry } from '$lib/server/gateway';
import { providerModels } from '$lib/server/gateway/models';
import { getRuntime } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	const rt = getRuntime();
	const models = registry()
		.list()
		.flatMap((e) => providerModels(e).map((m) => `${e.key}/${m}`));
	return {
		name: rt.config.server.name,
		gatewayUrl: `${url.origin}${base}/gateway/v1`,
		providers: registry().list().length,
		exampleModel: models[0] ?? 'openai/gpt-4o'
	};
};
