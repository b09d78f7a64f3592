import { z } from 'zod';
import { patchOf } from './workflow';

export const agentSchema = z.object({
	name: z
		.string()
		.trim()
		.regex(/^[A-Za-z0-9][A-Za-z0-9 _-]{0,99}$/, 'letters, digits, spaces, _ and - only (at most 100)'),
	description: z.string().max(10_000).default(''),
	provider: z.string().max(200).default(''),
	model: z.string().max(300).default(''),
	system_prompt: z.string().max(200_000).default(''),
	skills: z.array(z.string()).default([]),
	mcp_urls: z.array(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })).default([]),
	max_iterations: z.number().int().min(1).max(100).default(10),
	/** Seconds per tool call. */
	tool_timeout: z.number().int().min(1).max(3600).default(30)
});

export const agentUpdateSchema = patchOf(agentSchema);
export type AgentInput = z.infer<typeof agentSchema>;

const MCP_URL = z.url({ protocol: /^https?$/ });

/** The /agents editor: MCP URLs one per line; create when `id` is blank. */
export const agentFormSchema = agentSchema.omit({ mcp_urls: true }).extend({
	id: z.string().default(''),
	mcp_urls: z
		.string()
		.max(20_000)
		.default('')
		.superRefine((text, ctx) => {
			for (const line of mcpLines(text)) if (!MCP_URL.safeParse(line).success) ctx.addIssue({ code: 'custom', message: `not an http(s) URL: ${line}` });
		})
});

export const mcpLines = (text: string) =>
	text
		.split(/\r?\n/)
		.map((l) => l.trim())
		.filter(Boolean);
