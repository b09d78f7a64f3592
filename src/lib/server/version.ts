import pkg from '../../../package.json' with { type: 'json' };

/** AT's version, from package.json (bundled at build time). */
export const AT_VERSION: string = pkg.version;
