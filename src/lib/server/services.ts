import { KeyRotationListener } from './admin/keyRotation';
import { AuthService } from './auth';
import { ProviderRegistry } from './gateway/registry';
import { GatewayLimits } from './gateway/limits';
import { GatewayTokens } from './gateway/tokens';
import { UsageWriter } from './gateway/usageWriter';
import type { Runtime } from './runtime';
import { Scheduler } from './scheduler';
import { WorkflowEngine } from './workflow/engine';

/**
 * Every long-lived part of AT, in start order (stopped in reverse). The key-rotation listener comes
 * before everything that decrypts on `key.rotated`.
 */
export function registerServices(rt: Runtime) {
	void rt.use(new KeyRotationListener());
	void rt.use(new AuthService());
	void rt.use(new GatewayTokens());
	void rt.use(new ProviderRegistry());
	void rt.use(new UsageWriter());
	void rt.use(new GatewayLimits());
	void rt.use(new WorkflowEngine());
	void rt.use(new Scheduler());
}
