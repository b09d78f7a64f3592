import { json } from '@sveltejs/kit';
import { registry } from '$lib/server/gateway';

export const GET = () => json({ status: 'ok', providers: registry().list().length });
