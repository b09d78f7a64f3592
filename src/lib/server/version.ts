import pkg from '../../../package.json' with { type: 'json' };

/** AT's version, from package.json (bundled at build time). */
export const AT_VERSION: string = pkg.version;
/** The same, under the name the management API modules import. */
export const VERSION = AT_VERSION;
