import { json } from '@sveltejs/kit';
import { settingsInfo } from '$lib/server/admin/settings';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => json(await settingsInfo());
