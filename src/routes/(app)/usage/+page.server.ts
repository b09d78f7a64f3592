import { usagePageQuerySchema, type UsagePageQuery } from '$lib/schemas/usage';
import { usageOverview } from '$lib/server/gateway/usageReport';
import type { PageServerLoad } from './$types';

const FALLBACK: UsagePageQuery = { range: '24h', errorsOnly: false };

export const load: PageServerLoad = async ({ url }) => {
	const parsed = usagePageQuerySchema.safeParse(Object.fromEntries(url.searchParams));
	return {
		usage: await usageOverview(parsed.success ? parsed.data : FALLBACK),
		queryError: parsed.success ? null : parsed.error.issues[0].message
	};
};
