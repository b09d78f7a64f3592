import { playgroundProviders } from '$lib/server/playground';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => ({ providers: playgroundProviders() });
