import { getRuntime, type Runtime, type Service } from '../runtime';
import type { DbOrTx } from '../store/db';
import { countUsers } from '../store/queries/users';
import { ForwardAuth } from './forwardAuth';

/** Authentication state that lives as long as the runtime: the forward-auth client and whether setup is done. */
export class AuthService implements Service {
	readonly name = 'auth';
	forwardAuth?: ForwardAuth;
	private usersExist = false;

	start(rt: Runtime) {
		const cfg = rt.config.server.forward_auth;
		if (cfg) this.forwardAuth = new ForwardAuth(cfg, rt.config.server.user_header);
	}

	/**
	 * Whether any user exists (then /setup is closed), for the guard. Only `true` is cached; the
	 * sign-in pages ask with `fresh` so that a database emptied behind AT's back still offers /setup.
	 */
	async anyUser(db: DbOrTx, fresh = false): Promise<boolean> {
		if (!this.usersExist || fresh) this.usersExist = (await countUsers(db)) > 0;
		return this.usersExist;
	}

	async stop() {
		await this.forwardAuth?.close();
	}
}

export const authService = () => getRuntime().service<AuthService>('auth')!;
