import { base } from '$app/paths';
import { providerCatalog } from '$lib/server/gateway/catalog';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => ({ gatewayUrl: `${url.origin}${base}/gateway/v1`, providers: providerCatalog() });
