import type { NodeTypeName } from '$lib/workflow';
import type { Executor } from '../types';
import { agentCall } from './agentCall';
import { conditional } from './conditional';
import { cronTrigger } from './cronTrigger';
import { delay } from './delay';
import { email } from './email';
import { exec } from './exec';
import { httpRequest } from './httpRequest';
import { httpTrigger } from './httpTrigger';
import { input } from './input';
import { llmCall } from './llmCall';
import { logNode } from './log';
import { output } from './output';
import { agentConfig, mcpConfig, memoryConfig, skillConfig } from './resources';
import { script } from './script';
import { switchNode } from './switch';
import { template } from './template';
import { workflowCall } from './workflowCall';

/** One executor per executable node type; `loop` is run by the runner itself; group and sticky_note never run. */
export const executors: Partial<Record<NodeTypeName, Executor>> = {
	input,
	http_trigger: httpTrigger,
	cron_trigger: cronTrigger,
	output,
	llm_call: llmCall,
	agent_call: agentCall,
	skill_config: skillConfig,
	mcp_config: mcpConfig,
	memory_config: memoryConfig,
	agent_config: agentConfig,
	template,
	conditional,
	switch: switchNode,
	script,
	http_request: httpRequest,
	email,
	exec,
	log: logNode,
	workflow_call: workflowCall,
	delay
};
