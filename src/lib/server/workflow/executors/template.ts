import type { Executor } from '../types';

export const template: Executor = async (ctx) => ({ outputs: { output: await ctx.render(String(ctx.data.template ?? '')) } });
