import { getRuntime } from '$lib/server/runtime';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = () => ({ name: getRuntime().config.server.name });
