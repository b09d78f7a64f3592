// /gateway/proxy/{key}/... is an alias of /gateway/v1/providers/{key}/... (SPEC §5.6).
export { fallback } from '../../../v1/providers/[key]/[...path]/+server';
