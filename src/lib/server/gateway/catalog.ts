import { registry } from './index';
import { providerModels } from './models';

/** Every live provider with the models it announces (chat model picker, docs samples). */
export function providerCatalog() {
	return registry()
		.list()
		.map((e) => ({ key: e.key, type: e.config.type, defaultModel: e.config.model || null, models: providerModels(e) }));
}
export type CatalogProvider = ReturnType<typeof providerCatalog>[number];
