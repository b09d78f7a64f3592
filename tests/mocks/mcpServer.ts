/** A real MCP server (official SDK, Streamable HTTP, stateless) on loopback with `add` and `fail` tools. */
import { createServer, type Server } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

export interface McpMock {
	url: string;
	port: number;
	calls: { tool: string; args: unknown }[];
	close(): Promise<void>;
}

export async function startMcpServer(): Promise<McpMock> {
	const calls: McpMock['calls'] = [];
	const build = () => {
		const mcp = new McpServer({ name: 'test-mcp', version: '1.0.0' });
		mcp.registerTool('add', { description: 'Adds two numbers', inputSchema: { a: z.number(), b: z.number() } }, async ({ a, b }) => {
			calls.push({ tool: 'add', args: { a, b } });
			return { content: [{ type: 'text', text: String(a + b) }] };
		});
		return mcp;
	};
	const server: Server = createServer(async (req, res) => {
		let raw = '';
		req.on('data', (d) => (raw += d));
		await new Promise((r) => req.on('end', r));
		const mcp = build();
		const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
		res.on('close', () => {
			void transport.close();
			void mcp.close();
		});
		await mcp.connect(transport);
		await transport.handleRequest(req, res, raw ? JSON.parse(raw) : undefined);
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const port = (server.address() as { port: number }).port;
	return { url: `http://127.0.0.1:${port}/mcp`, port, calls, close: () => new Promise((r) => server.close(() => r())) };
}
