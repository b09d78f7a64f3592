import { version } from '../../../package.json';

/** AT's version (package.json), bundled at build time. */
export const VERSION: string = version;
