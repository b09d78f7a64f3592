import { createServer, connect, type Server, type Socket } from 'node:net';

/** A loopback TCP proxy that a test can cut and restore, to simulate a brief network/database outage. */
export async function startTcpProxy(targetHost: string, targetPort: number) {
	const sockets = new Set<Socket>();
	let server: Server | undefined;
	let port = 0;
	const listen = () =>
		new Promise<void>((resolve) => {
			server = createServer((client) => {
				const upstream = connect(targetPort, targetHost);
				sockets.add(client).add(upstream);
				client.pipe(upstream).pipe(client);
				const close = () => {
					client.destroy();
					upstream.destroy();
					sockets.delete(client);
					sockets.delete(upstream);
				};
				client.on('error', close).on('close', close);
				upstream.on('error', close).on('close', close);
			});
			server.listen(port, '127.0.0.1', () => {
				port = (server!.address() as { port: number }).port;
				resolve();
			});
		});
	await listen();
	return {
		get port() {
			return port;
		},
		/** Drops every connection and stops accepting new ones. */
		async cut() {
			for (const s of sockets) s.destroy();
			sockets.clear();
			await new Promise<void>((r) => server!.close(() => r()));
		},
		async restore() {
			await listen();
		},
		async close() {
			for (const s of sockets) s.destroy();
			await new Promise<void>((r) => (server?.listening ? server.close(() => r()) : r()));
		}
	};
}
