import type { Runtime } from './runtime';

/** Every long-lived part of AT, in start order (stopped in reverse). */
export function registerServices(rt: Runtime) {
	void rt;
}
