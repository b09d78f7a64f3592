import { registry } from './gateway';
import { providerModels } from './gateway/models';

/** The chat playground's model picker: every live provider with the models it announces. */
export function playgroundProviders() {
	return registry()
		.list()
		.map((e) => ({ key: e.key, type: e.config.type, defaultModel: e.config.model || null, models: providerModels(e) }));
}
export type PlaygroundProvider = ReturnType<typeof playgroundProviders>[number];
