import { json } from '@sveltejs/kit';
import { instanceInfo } from '$lib/server/admin/settings';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals }) => json(instanceInfo(locals));
