/**
 * Guest-side JavaScript evaluated in every fresh QuickJS context before the user's code (the worker
 * prepares the next context while idle). The worker defines the native functions
 * `__host(op, argsJson) → Promise<resultJson>`, `__log(level, message)`, `__atob` and `__btoa`;
 * this script turns them into the documented globals and removes them. When a run starts the
 * worker sets `__globals` (a JSON string) and calls `__start()`, which defines the run's globals.
 */
export const PRELUDE = String.raw`
(function () {
	'use strict';
	var host = globalThis.__host, hostLog = globalThis.__log, nativeAtob = globalThis.__atob, nativeBtoa = globalThis.__btoa;
	delete globalThis.__host;
	delete globalThis.__log;
	delete globalThis.__atob;
	delete globalThis.__btoa;

	function text(v) {
		if (typeof v === 'string') return v;
		if (v instanceof Error) return (v.name && v.name !== 'Error' ? v.name + ': ' : '') + v.message;
		try {
			var s = JSON.stringify(v);
			return s === undefined ? String(v) : s;
		} catch (e) {
			return String(v);
		}
	}
	function logger(level) {
		return function () {
			var parts = [];
			for (var i = 0; i < arguments.length; i++) parts.push(text(arguments[i]));
			hostLog(level, parts.join(' '));
		};
	}
	var log = Object.freeze({ info: logger('info'), warn: logger('warn'), error: logger('error') });
	var consoleObj = Object.freeze({ log: log.info, info: log.info, debug: log.info, warn: log.warn, error: log.error });

	function call(op, args) {
		return host(op, JSON.stringify(args)).then(function (r) {
			return r === '' ? undefined : JSON.parse(r);
		});
	}
	function getVar(key) {
		return call('getVar', [String(key)]).then(function (v) {
			return v === null ? undefined : v;
		});
	}
	function request(method, url, body, opts) {
		opts = opts || {};
		var headers = {};
		var given = opts.headers || {};
		for (var k in given) if (Object.prototype.hasOwnProperty.call(given, k)) headers[k] = String(given[k]);
		var payload;
		if (body !== undefined && body !== null) {
			if (typeof body === 'string') payload = body;
			else {
				payload = JSON.stringify(body);
				var hasType = false;
				for (var h in headers) if (h.toLowerCase() === 'content-type') hasType = true;
				if (!hasType) headers['content-type'] = 'application/json';
			}
		}
		return call('http', { method: method, url: String(url), headers: headers, body: payload }).then(function (res) {
			var type = '';
			for (var h in res.headers) if (h.toLowerCase() === 'content-type') type = String(res.headers[h]);
			var parsed = res.body;
			if (/json/i.test(type) && typeof parsed === 'string' && parsed !== '') {
				try {
					parsed = JSON.parse(parsed);
				} catch (e) {
					parsed = res.body;
				}
			}
			return { status: res.status, ok: res.status >= 200 && res.status < 300, headers: res.headers, body: parsed };
		});
	}
	var http = Object.freeze({
		get: function (url, opts) { return request('GET', url, undefined, opts); },
		delete: function (url, opts) { return request('DELETE', url, undefined, opts); },
		post: function (url, body, opts) { return request('POST', url, body, opts); },
		put: function (url, body, opts) { return request('PUT', url, body, opts); },
		patch: function (url, body, opts) { return request('PATCH', url, body, opts); },
		request: function (o) { return request(String(o.method || 'GET').toUpperCase(), o.url, o.body, o); }
	});

	function define(name, value) {
		Object.defineProperty(globalThis, name, { value: value, writable: true, configurable: true, enumerable: false });
	}
	define('log', log);
	define('console', consoleObj);
	define('getVar', getVar);
	define('http', http);
	define('atob', nativeAtob);
	define('btoa', nativeBtoa);
	define('__finish', function (p) {
		return p.then(function (v) {
			if (v === undefined) return undefined;
			try {
				return JSON.stringify(v);
			} catch (e) {
				throw new TypeError('the result is not JSON-serialisable: ' + e.message);
			}
		});
	});
	define('__start', function () {
		var g = JSON.parse(globalThis.__globals);
		delete globalThis.__globals;
		delete globalThis.__start;
		for (var key in g) if (Object.prototype.hasOwnProperty.call(g, key)) define(key, g[key]);
	});
})();
`;

/** Wraps user code so that it evaluates to a promise of the JSON text of its result. */
export function wrapUserCode(code: string, mode: 'expression' | 'function'): string {
	return mode === 'expression' ? `__start();\n__finish((async () => (\n${code}\n))())` : `__start();\n__finish((async () => {\n${code}\n})())`;
}
