/** What the node forms pick from, as the canvas page's load returns it. */
export interface ProviderOption {
	key: string;
	type: string;
	default_model: string;
	models: string[];
}

export interface TriggerInfo {
	id: string;
	node_id: string | null;
	type: string;
	enabled: boolean;
	last_status: string | null;
	last_run_at: string | null;
	last_error: string | null;
	next_run_at: string | null;
}

export interface CanvasResources {
	providers: ProviderOption[];
	nodeConfigs: { id: string; name: string; type: string }[];
	agents: { id: string; name: string; description: string }[];
	skills: { id: string; name: string; description: string }[];
	workflows: { id: string; name: string; active_version: number | null }[];
	triggers: TriggerInfo[];
	webhookBase: string;
	activeVersion: number | null;
	execEnabled: boolean;
}

export interface VersionInfo {
	version: number;
	name: string;
	created_at: string | null;
	created_by: string;
	active?: boolean;
}
