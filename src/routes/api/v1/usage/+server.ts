import { json } from '@sveltejs/kit';
import { usageQuerySchema } from '$lib/schemas/usage';
import { usageReport } from '$lib/server/gateway/usageReport';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url }) => {
	const parsed = usageQuerySchema.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success) {
		const i = parsed.error.issues[0];
		return json({ message: `${i.path.join('.')}: ${i.message}` }, { status: 400 });
	}
	return json(await usageReport(parsed.data));
};
