import { providerCatalog } from '$lib/server/gateway/catalog';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => ({ providers: providerCatalog() });
