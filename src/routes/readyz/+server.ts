import { json } from '@sveltejs/kit';
import { getRuntime } from '$lib/server/runtime';

export const GET = async () => {
	const rt = getRuntime();
	const r = await rt.ready();
	return json(
		{ status: r.ok ? 'ready' : 'not ready', database: r.database, store: rt.store.kind, migrations: rt.migrated ? 'applied' : 'pending' },
		{ status: r.ok ? 200 : 503 }
	);
};
