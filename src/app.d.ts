import type { Role } from '$lib/server/store/schema';

declare global {
	namespace App {
		interface Locals {
			requestId: string;
			startedAt: number;
			/** Extra fields for the access log line (token prefix, model, provider...). */
			log: Record<string, unknown>;
			user?: { id: string; username: string; role: Role };
			session?: { id: string; expiresAt: Date };
			/** How locals.user was established (set together with it by the auth handle). */
			authMethod?: 'session' | 'forward-auth' | 'admin-token';
		}
		interface Error {
			message: string;
			requestId?: string;
		}
	}
}

export {};
