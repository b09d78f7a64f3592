import { json } from '@sveltejs/kit';
import { registry } from '$lib/server/gateway';
import { listModels } from '$lib/server/gateway/models';
import { getRuntime } from '$lib/server/runtime';

// Models for the admin UI (chat playground, pickers): every provider, no token scope.
export const GET = () =>
	json({ object: 'list', data: listModels(registry(), undefined, Math.floor(getRuntime().startedAt.getTime() / 1000)) });
